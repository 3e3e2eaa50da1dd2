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
  prettier,
);
