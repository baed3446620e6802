// The chaos suite (`npm run test:chaos`): whole processes, one injected fault per scenario, shared invariants.
// Its own config so the default `npm test` projects never match it; see docs/reliability.md for the budget.
const { projects } = require('./jest.config');

const e2e = projects.find((project) => project.displayName === 'e2e');

module.exports = {
  ...e2e,
  displayName: 'chaos',
  testMatch: ['<rootDir>/apps/coordinator/test/chaos/**/*.chaos-spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/timeouts/chaos.js'],
  // Two scenarios side by side: each shop is isolated (own databases, topic prefix, consumer groups, Redis keys, free
  // ports; broker-restart and postgres-restart restart private servers of their own) and mostly waits on its fault
  // and on retries, so two fit on 2 cores. Longest first (test/sequencer.js). `--maxWorkers=1` runs them in band.
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/sequencer.js',
};
