'use strict';
// Jest globalTeardown for the integration and e2e projects: stops Kafka only when this run's global setup started
// it, so a broker someone else runs (or one kept from an earlier run) survives. Jest calls it once per project.

const { stopKafka } = require('../scripts/lib/kafka-broker');

function report(line) {
  process.stderr.write(`[lethe test teardown] ${line}\n`);
}

module.exports = async () => {
  const servers = globalThis.__letheTestServers;
  if (!servers) return;
  // Cleared first so the other project's call is a no-op, and so that a watch-mode rerun sets up afresh instead of
  // taking a stopped broker's address from KAFKA_BROKERS.
  delete globalThis.__letheTestServers;
  if (servers.previousKafkaBrokers === undefined) delete process.env.KAFKA_BROKERS;
  else process.env.KAFKA_BROKERS = servers.previousKafkaBrokers;
  if (servers.startedByUs) await stopKafka({ log: report });
};
