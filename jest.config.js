// Two tiers: unit specs beside the code (src/**/*.spec.ts) and e2e tests in test/ that boot the real app
// on a real database with the cTrader simulator. SWC transpiles (type checking is `npm run lint:types`).
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const setupFiles = ['reflect-metadata'];
// content-disposition (under @fastify/static, used by the Swagger UI) and cookie@2 (loaded by @fastify/cookie)
// ship ESM only: Node 20 can require() them, Jest cannot, so those packages are transpiled to CommonJS.
const transform = { '^.+\\.(t|j)s$': ['@swc/jest', { ...swc, swcrc: false }] };
const transformIgnorePatterns = ['/node_modules/(?!(content-disposition|cookie|@fastify/cookie)/)'];
module.exports = {
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { displayName: 'unit', testEnvironment: 'node', transform, transformIgnorePatterns, setupFiles, roots: ['<rootDir>/src'], testMatch: ['**/*.spec.ts'] },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      setupFiles,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      testTimeout: 60000,
    },
  ],
};
