#!/usr/bin/env node
'use strict';
// Command line over scripts/lib/kafka-broker.js. Progress goes to stderr so that stdout stays usable in scripts,
// e.g. `export KAFKA_BROKERS=$(node scripts/kafka.js ensure)`.

const { ensureKafka, stopKafka, kafkaStatus, kafkaLogTail } = require('./lib/kafka-broker');
const { ensureKafkaLibs, kafkaLayout } = require('./lib/kafka-home');

const USAGE = `usage: node scripts/kafka.js <command>

  start      reuse a Kafka broker that answers, or start the local one (fetching it on first use)
  ensure     same as start, then print only the brokers string on stdout
  stop       stop the broker named by the pid file (never one this script did not start)
  libs       fetch the broker's jars into the home if missing, then print their directory on stdout
  status     whether Kafka answers, its pid and brokers string; exits 1 when it does not answer
  logs [N]   the last N lines (default 100) of the broker's server.log

environment:
  KAFKA_BROKERS                  use these brokers (comma-separated) and never start one
  LETHE_KAFKA_HOME               broker home (default .lethe/kafka in the repository)
  LETHE_KAFKA_PORT               client port (default 19092)
  LETHE_KAFKA_CONTROLLER_PORT    KRaft controller port (default 19093)
  LETHE_KAFKA_START_TIMEOUT_MS   how long to wait for a starting broker (default 90000)`;

const commands = {
  async start() {
    const { brokers, startedByUs } = await ensureKafka();
    console.log(`Kafka is up at ${brokers} (${startedByUs ? 'started' : 'reused'})`);
  },
  async ensure() {
    const { brokers } = await ensureKafka();
    console.log(brokers);
  },
  async stop() {
    await stopKafka();
  },
  async libs() {
    // Another broker home (a chaos scenario's private broker) can link to these instead of fetching its own.
    await ensureKafkaLibs({ log: (line) => console.error(line) });
    console.log(kafkaLayout().libs);
  },
  async status() {
    const status = await kafkaStatus();
    console.log(`brokers:   ${status.brokers}${status.external ? ' (from KAFKA_BROKERS)' : ''}`);
    console.log(`answering: ${status.reachable ? 'yes' : 'no'}`);
    console.log(`pid:       ${describePid(status)}`);
    console.log(`home:      ${status.home}`);
    if (!status.reachable) process.exitCode = 1;
  },
  async logs(lines = '100') {
    const count = Number(lines);
    if (!Number.isInteger(count) || count <= 0) throw new UsageError(`logs: "${lines}" is not a line count`);
    const { file, text } = kafkaLogTail(count);
    if (!text) {
      console.error(`no broker log yet at ${file}`);
      return;
    }
    console.error(`==> ${file} <==`);
    console.log(text);
  },
};

function describePid({ pid, pidRunning }) {
  if (pid === undefined) return 'none (no broker started by this script)';
  return pidRunning ? `${pid} (running)` : `${pid} (not running; stale pid file)`;
}

class UsageError extends Error {}

async function main([command, ...args]) {
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    console.log(USAGE);
    return;
  }
  if (!Object.hasOwn(commands, command)) throw new UsageError(`unknown command "${command}"`);
  await commands[command](...args);
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof UsageError) {
    console.error(`kafka: ${err.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.error(`kafka: ${err.message}`);
  process.exitCode = 1;
});
