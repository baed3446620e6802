'use strict';
// Jest globalSetup for the integration and e2e projects: checks the servers the tests talk to and provides a Kafka
// broker. Jest calls it once per project in the same process, hence the flag on globalThis; jest spawns its workers
// afterwards, so they inherit KAFKA_BROKERS from process.env.

const { ensureKafka, isKafkaReachable, kafkaBrokers } = require('../scripts/lib/kafka-broker');
const { isPostgresReachable, redact } = require('../scripts/lib/postgres');
const { isRedisReachable } = require('../scripts/lib/redis');

const PG_URL = process.env.LETHE_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.LETHE_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const START_HINT = 'Start it with (as .ci/run does):';

function report(line) {
  process.stderr.write(`[lethe test setup] ${line}\n`);
}

async function checkServers() {
  const [postgresUp, redisUp] = await Promise.all([isPostgresReachable(PG_URL), isRedisReachable(REDIS_URL)]);
  const problems = [];
  if (!postgresUp) {
    problems.push(
      `PostgreSQL is not reachable at ${redact(PG_URL)} (LETHE_TEST_PG_URL). ${START_HINT}\n` +
        '  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    );
  }
  if (!redisUp) {
    problems.push(
      `Redis is not reachable at ${redact(REDIS_URL)} (LETHE_TEST_REDIS_URL). ${START_HINT}\n` +
        '  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis',
    );
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

module.exports = async () => {
  if (globalThis.__letheTestServers) return;
  const started = Date.now();
  await checkServers();
  // Probing first keeps the common case (a broker is already up) to the single summary line below; ensureKafka's
  // progress lines are worth showing only when it fetches or starts one.
  const { brokers, startedByUs } = (await isKafkaReachable(kafkaBrokers()))
    ? { brokers: kafkaBrokers(), startedByUs: false }
    : await ensureKafka({ log: report });
  globalThis.__letheTestServers = { brokers, startedByUs, previousKafkaBrokers: process.env.KAFKA_BROKERS };
  process.env.KAFKA_BROKERS = brokers;
  const elapsed = `${((Date.now() - started) / 1000).toFixed(1)}s`;
  report(
    startedByUs ? `started Kafka at ${brokers} in ${elapsed}` : `reused Kafka at ${brokers} (${elapsed})`,
  );
};
