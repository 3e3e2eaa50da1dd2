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
 * Syntax src/ may not use, each with the reason an engineer sees. One list: no-restricted-syntax settings in two
 * config blocks would replace each other, not add up.
 */
const RESTRICTED_SYNTAX_IN_SRC = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Time that decides an outcome comes from the injected Clock (kernel/clock): tests move it; Date.now() ignores that.',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'new Date() reads the system clock: use new Date(clock.now()) with the injected Clock (kernel/clock).',
  },
];

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
  {
    files: ['src/**/*.ts'],
    // The clock itself reads the system time; the simulator's app page is a script evaluated in the browser.
    ignores: ['src/kernel/clock/clock.ts', 'src/simulator/app-page/app-page.script.ts'],
    rules: { 'no-restricted-syntax': ['error', ...RESTRICTED_SYNTAX_IN_SRC] },
  },
  prettier,
);
