// Two tiers: unit specs beside the code (src/**/*.spec.ts) and e2e tests in test/ that boot the real app
// on a real database with the cTrader simulator. ts-jest only transpiles (isolatedModules); type checking is
// `npm run build` (run before the tests by `pretest`). ts-jest rather than SWC: SWC's platform binaries are
// optional dependencies that this npm leaves out of the lock file, which then fails `npm ci`.
const setupFiles = ['reflect-metadata'];
const tsJest = [
  'ts-jest',
  {
    isolatedModules: true,
    tsconfig: {
      allowJs: true,
      esModuleInterop: true,
      module: 'commonjs',
      target: 'ES2022',
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      useDefineForClassFields: false,
    },
  },
];
// content-disposition (under @fastify/static, used by the Swagger UI) and cookie@2 (loaded by @fastify/cookie)
// ship ESM only, and so do @scure/base and @noble/hashes (under otplib, the TOTP library): Node 20 can require()
// them, Jest cannot, so those packages are transpiled to CommonJS.
const transform = { '^.+\\.(t|j)s$': tsJest };
const transformIgnorePatterns = ['/node_modules/(?!(content-disposition|cookie|@fastify/cookie|@scure/base|@noble/hashes)/)'];
module.exports = {
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/run-records-reporter.js', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { displayName: 'unit', testEnvironment: 'node', transform, transformIgnorePatterns, setupFiles, roots: ['<rootDir>/src'], testMatch: ['**/*.spec.ts'] },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      // Records the secrets in 4.x answers and redirects that tests' fetch calls receive, for the leak scan.
      setupFiles: [...setupFiles, '<rootDir>/test/support/record-secrets.setup.ts'],
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
    },
  ],
};
