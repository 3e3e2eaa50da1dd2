// The deploy smoke test's checks (scripts/deploy-smoke.sh prepares the work directory, then runs this).
// Not part of `npm test`: it needs root (mount namespaces), nginx and docker-compose, and runs after both suites.
const base = require('./jest.config.js');
const e2e = base.projects.find((p) => p.displayName === 'e2e');
module.exports = {
  testTimeout: 120000,
  projects: [{ ...e2e, displayName: 'deploy', setupFiles: ['reflect-metadata'], testMatch: ['**/*.deploy-spec.ts'] }],
};
