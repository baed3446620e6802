// The chaos suite (`npm run test:chaos`): whole processes, one injected fault per scenario, shared invariants.
// Its own config so the default `npm test` projects never match it; see docs/reliability.md for the budget.
const { projects } = require('./jest.config');

const e2e = projects.find((project) => project.displayName === 'e2e');

module.exports = {
  ...e2e,
  displayName: 'chaos',
  testMatch: ['<rootDir>/apps/coordinator/test/chaos/**/*.chaos-spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/timeouts/chaos.js'],
  // scenarios start a whole shop each: one at a time on a 2-core machine
  maxWorkers: 1,
};
