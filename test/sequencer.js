'use strict';
// Slowest files first, so that the last minutes of a run are not one long file on one worker while the other idles.
// Jest already orders by the durations it cached from earlier runs; a clean clone (CI) has none, and jest then orders
// by file size, which puts a short chaos scenario or e2e spec before a long one. The durations below (seconds,
// measured on a 2-core machine: docs/reliability.md for the chaos scenarios) stand in for a missing cache entry; only
// their order matters. Files not listed keep jest's own order after them.

const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const EXPECTED_SECONDS = {
  // chaos (jest.chaos.config.js)
  'apps/coordinator/test/chaos/two-replicas.chaos-spec.ts': 64.5,
  'apps/coordinator/test/chaos/broker-restart.chaos-spec.ts': 63.3,
  'apps/coordinator/test/chaos/coordinator-kill.chaos-spec.ts': 57.5,
  'apps/coordinator/test/chaos/service-killed-mid-handler.chaos-spec.ts': 56.4,
  'apps/coordinator/test/chaos/postgres-unreachable.chaos-spec.ts': 55.3,
  'apps/coordinator/test/chaos/unappliable-results.chaos-spec.ts': 47.9,
  'apps/coordinator/test/chaos/postgres-restart.chaos-spec.ts': 39.3,
  'apps/coordinator/test/chaos/duplicated-reordered-poison.chaos-spec.ts': 38.6,
  'apps/coordinator/test/chaos/escalation-webhook-outage.chaos-spec.ts': 35.2,
  'apps/coordinator/test/chaos/service-down-retry-window.chaos-spec.ts': 27.4,
  'apps/coordinator/test/chaos/outbox-faults.chaos-spec.ts': 26.7,
  'apps/coordinator/test/chaos/hung-handler.chaos-spec.ts': 25.9,
  'apps/coordinator/test/chaos/redis-flush.chaos-spec.ts': 23.7,
  // npm test's slowest integration and e2e files (a loaded machine, so inflated; the order is what counts)
  'apps/coordinator/src/bulk/bulk.integration-spec.ts': 92,
  'apps/coordinator/test/no-personal-data-left.e2e-spec.ts': 80,
  'apps/coordinator/src/results/result-batch.integration-spec.ts': 51,
  'apps/coordinator/src/registry/manual-confirmation/manual-confirmation.integration-spec.ts': 48,
  'apps/coordinator/src/http/rest-bad-input.integration-spec.ts': 28,
  'apps/coordinator/src/dashboard/dashboard.integration-spec.ts': 22,
};

class SlowestFirstSequencer extends Sequencer {
  // Unlike jest's own sort, a file with a (cached or expected) duration goes BEFORE one without: the listed files
  // are the long ones. Failed files still go first, then longest first, then the largest files.
  sort(tests) {
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    for (const test of tests) test.duration = this.time(test) ?? this.expected(test);
    return tests.sort((a, b) => {
      const failedA = this.hasFailed(a);
      if (failedA !== this.hasFailed(b)) return failedA ? -1 : 1;
      if ((a.duration == null) !== (b.duration == null)) return a.duration == null ? 1 : -1;
      if (a.duration != null && a.duration !== b.duration) return b.duration - a.duration;
      return size(b) - size(a);
    });
  }

  expected(test) {
    const file = path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/');
    const seconds = EXPECTED_SECONDS[file];
    return seconds === undefined ? undefined : seconds * 1000;
  }
}

module.exports = SlowestFirstSequencer;
