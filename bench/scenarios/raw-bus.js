'use strict';
// The bus itself: what kafkajs on this machine moves when nothing but Kafka is in the way. The bench process
// plays the coordinator (produces commands to S topics, consumes replies from one results topic); S consumers in
// a child process (fleet.js, mode `raw`) play the services, answering each command with one reply. Message sizes
// and partition counts are those Lethe used in the same run (sampleMessageSizes). Batching is kafkajs's own:
// sends of 500 messages, several in flight, replies of a fetched batch in one produce request.

const { randomBytes, randomUUID } = require('node:crypto');
const { Kafka, logLevel } = require('kafkajs');
const { startFleet } = require('../fleet');
const { sleep } = require('../lib');

const CHUNK = 500;
const IN_FLIGHT = 4;
const TIMEOUT_MS = 180_000;

const kafkaFor = (brokers, clientId) =>
  new Kafka({ clientId, brokers: brokers.split(','), logLevel: logLevel.NOTHING });

function sizeOf(message) {
  let bytes = (message.value?.length ?? 0) + (message.key?.length ?? 0);
  for (const [key, value] of Object.entries(message.headers ?? {}))
    bytes += key.length + (value?.length ?? 0);
  return bytes;
}

/** The first message Lethe put on a service's command topic and on the results topic: their sizes (value, key, headers). */
async function sampleMessageSizes(bench, service) {
  const topics = {
    command: `${bench.topicPrefix}lethe.erasure.commands.${service}`,
    result: `${bench.topicPrefix}lethe.erasure.results`,
  };
  const kafka = kafkaFor(bench.brokers, 'bench-sampler');
  const admin = kafka.admin();
  await admin.connect();
  const metadata = await admin.fetchTopicMetadata({ topics: Object.values(topics) });
  await admin.disconnect();
  const partitions = Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]));
  const sizes = {};
  for (const [kind, topic] of Object.entries(topics)) {
    const consumer = kafka.consumer({ groupId: `bench-sampler-${randomBytes(3).toString('hex')}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let found;
    await consumer.run({
      eachMessage: async ({ message }) => {
        found ??= sizeOf(message);
      },
    });
    const deadline = Date.now() + 30_000;
    while (found === undefined && Date.now() < deadline) await sleep(100);
    await consumer.disconnect();
    sizes[`${kind}Bytes`] = found ?? null;
  }
  return {
    commandBytes: sizes.commandBytes,
    resultBytes: sizes.resultBytes,
    commandPartitions: partitions[topics.command],
    resultPartitions: partitions[topics.result],
  };
}

async function rawBusLoop({ brokers, consumers, messages, sizes }) {
  const prefix = `bench_raw_${randomBytes(3).toString('hex')}.`;
  const commandTopics = Array.from({ length: consumers }, (_, i) => `${prefix}commands.${i}`);
  const resultsTopic = `${prefix}results`;
  const kafka = kafkaFor(brokers, 'bench-raw-coordinator');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      ...commandTopics.map((topic) => ({ topic, numPartitions: sizes.commandPartitions ?? 3 })),
      { topic: resultsTopic, numPartitions: sizes.resultPartitions ?? 3 },
    ],
  });
  const fleet = await startFleet({
    mode: 'raw',
    brokers,
    topicPrefix: prefix,
    commandTopics,
    resultsTopic,
    replyBytes: sizes.resultBytes ?? 700,
  });
  const producer = kafka.producer();
  const results = kafka.consumer({ groupId: `${prefix}results`, maxWaitTimeInMs: 100 });
  let replies = 0;
  try {
    await Promise.all([producer.connect(), results.connect()]);
    await results.subscribe({ topic: resultsTopic, fromBeginning: true });
    await results.run({
      eachBatch: async ({ batch }) => {
        replies += batch.messages.length;
      },
    });
    const payload = Buffer.alloc(Math.max(1, (sizes.commandBytes ?? 900) - 36), 'c');
    const batchOf = (n, offset) => {
      const perTopic = commandTopics.map(() => []);
      for (let i = 0; i < n; i += 1)
        perTopic[(offset + i) % consumers].push({ key: randomUUID(), value: payload });
      return commandTopics
        .map((topic, i) => ({ topic, messages: perTopic[i] }))
        .filter((t) => t.messages.length);
    };
    // warm-up: every consumer group joined and every connection open before the clock starts
    await producer.sendBatch({ topicMessages: batchOf(consumers, 0) });
    const warmDeadline = Date.now() + 90_000;
    while (replies < consumers && Date.now() < warmDeadline) await sleep(50);
    if (replies < consumers) throw new Error('raw loop: the consumers did not answer the warm-up');

    const target = replies + messages;
    const started = performance.now();
    let sent = 0;
    const sender = async () => {
      while (sent < messages) {
        const n = Math.min(CHUNK, messages - sent);
        const offset = sent;
        sent += n;
        await producer.sendBatch({ topicMessages: batchOf(n, offset) });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    const sendSeconds = (performance.now() - started) / 1000;
    const deadline = Date.now() + TIMEOUT_MS;
    while (replies < target && Date.now() < deadline) await sleep(20);
    const seconds = (performance.now() - started) / 1000;
    const answered = replies - (target - messages);
    return {
      consumers,
      messages,
      answered,
      commandBytes: sizes.commandBytes,
      replyBytes: sizes.resultBytes,
      sendSeconds: Number(sendSeconds.toFixed(2)),
      seconds: Number(seconds.toFixed(2)),
      repliesPerSecond: Math.round(answered / seconds),
    };
  } finally {
    await fleet.exit();
    await results.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    await admin.deleteTopics({ topics: [...commandTopics, resultsTopic] }).catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

module.exports = { rawBusLoop, sampleMessageSizes, sizeOf };
