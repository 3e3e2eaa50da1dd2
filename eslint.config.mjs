// ESLint (flat config) with typescript-eslint's type-checked rules; formatting is Prettier's job (eslint-config-prettier
// turns off the stylistic rules that would fight it). `npm run lint` runs this, Prettier's check and the dependency rule.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Where values are untyped on purpose (see each use): the no-unsafe-* family and explicit `any` are off. */
const UNTYPED_VALUES_ALLOWED = {
  '@typescript-eslint/no-unsafe-member-access': 'off',
  '@typescript-eslint/no-unsafe-assignment': 'off',
  '@typescript-eslint/no-unsafe-argument': 'off',
  '@typescript-eslint/no-unsafe-call': 'off',
  '@typescript-eslint/no-unsafe-return': 'off',
  '@typescript-eslint/no-explicit-any': 'off',
};

/**
 * Syntax src/ may not use, each with the reason an engineer sees. Each block below lists every group that applies to its
 * files: no-restricted-syntax settings in two config blocks replace each other, they do not add up.
 */
const SYSTEM_CLOCK_READS = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Time that decides an outcome comes from the injected Clock (kernel/clock): tests move it; Date.now() ignores that.',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'new Date() reads the system clock: use new Date(clock.now()) with the injected Clock (kernel/clock).',
  },
];
// The HTTP status of an error follows from its ErrorCode (kernel/errors/error-status.ts), never from the thrower. tsc
// already refuses a number where the code goes; this names the rule when someone reaches for one.
const THROWER_CHOSEN_STATUS = [
  {
    selector: "NewExpression[callee.name='ContractException'][arguments.0.type='Literal']",
    message: 'Throw an ErrorCode: new ContractException(code, message). The status comes from ERROR_STATUS in kernel/errors.',
  },
  {
    selector: "NewExpression[callee.name='ContractException'][arguments.0.object.name='HttpStatus']",
    message: 'Throw an ErrorCode: new ContractException(code, message). The status comes from ERROR_STATUS in kernel/errors.',
  },
];
// The clock itself reads the system time, the simulator's app page is a script evaluated in the browser, and
// kernel/errors is where statuses live.
const CLOCK_HOME = ['src/kernel/clock/clock.ts', 'src/simulator/app-page/app-page.script.ts'];
const STATUS_HOME = ['src/kernel/errors/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'src/database/migrations/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Nest handlers and interface implementations stay `async` for their Promise signature even without an await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Every environment read goes through AppConfig (issue #20): src/config's loader is the one place that reads the
    // environment. The simulator's standalone program and the conformance kit are separate programs with their own
    // command lines and environment (README "Conformance kit", "cTrader simulator"); specs may set variables.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**', 'src/simulator/standalone*.ts', 'src/conformance/**', '**/*.spec.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings from AppConfig (src/config), never the environment.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "VariableDeclarator[init.type='Identifier'][init.name='process'] > ObjectPattern > Property[key.name='env']",
          message: 'Read settings from AppConfig (src/config), never the environment.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'node:process', importNames: ['env'], message: 'Read settings from AppConfig (src/config), never the environment.' },
            { name: 'process', importNames: ['env'], message: 'Read settings from AppConfig (src/config), never the environment.' },
          ],
        },
      ],
    },
  },
  {
    // Tests and benches read untyped JSON bodies (the contract's, on purpose untyped) and build fixtures loosely.
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts'],
    rules: UNTYPED_VALUES_ALLOWED,
  },
  {
    // Code passed to page.evaluate() runs in the browser; the Node tsconfig has no DOM types, so it is `any` there.
    files: [
      'src/conformance/chromium.ts',
      'src/conformance/screen-driver.ts',
      'src/conformance/screen-checks.ts',
      'src/conformance/flow-checks.ts',
      'src/conformance/kit-context.ts',
    ],
    rules: UNTYPED_VALUES_ALLOWED,
  },
  { files: ['src/**/*.ts'], rules: { 'no-restricted-syntax': ['error', ...SYSTEM_CLOCK_READS, ...THROWER_CHOSEN_STATUS] } },
  { files: CLOCK_HOME, rules: { 'no-restricted-syntax': ['error', ...THROWER_CHOSEN_STATUS] } },
  { files: STATUS_HOME, rules: { 'no-restricted-syntax': ['error', ...SYSTEM_CLOCK_READS] } },
  prettier,
);
