// The chaos suite (`npm run test:chaos`): whole processes, one injected fault per scenario, shared invariants.
// Its own config so the default `npm test` projects never match it; see docs/reliability.md for the budget.
const { projects } = require('./jest.config');

const e2e = projects.find((project) => project.displayName === 'e2e');

module.exports = {
  ...e2e,
  displayName: 'chaos',
  testMatch: ['<rootDir>/apps/coordinator/test/chaos/**/*.chaos-spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/timeouts/chaos.js'],
  // One scenario at a time. Each shop is isolated (own databases, topic prefix, consumer groups, Redis keys, free
  // ports; broker-restart and postgres-restart restart private servers of their own), so `--maxWorkers=2` works; it
  // is not yet measured to pay on 2 cores (docs/reliability.md "In CI"). Longest first (test/sequencer.js).
  maxWorkers: 1,
  testSequencer: '<rootDir>/test/sequencer.js',
};
