// ESLint (flat config) with typescript-eslint's type-checked rules; formatting is Prettier's job (eslint-config-prettier
// turns off the stylistic rules that would fight it). `npm run lint` runs this, Prettier's check and the dependency rule.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'src/database/migrations/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Time decides outcomes (token expiry, leases, throttles): it comes from the injected Clock so tests control it.
      // Files that ARE the clock, or measure durations for logs/metrics, say so with an eslint-disable comment and why.
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Use the injected Clock (kernel/clock): time that decides an outcome must be controllable in tests.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests, benches and tools drive real time and untyped JSON bodies on purpose.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/conformance/**/*.ts', 'src/simulator/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-properties': 'off',
    },
  },
  prettier,
);
