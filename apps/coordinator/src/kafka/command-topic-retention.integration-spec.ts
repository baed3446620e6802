import { ConfigResourceTypes } from 'kafkajs';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';

const HOUR = '3600000';

describe('command topic retention (real Kafka and PostgreSQL)', () => {
  const first = new CoordinatorHarness({ LETHE_COMMAND_RETENTION_MS: HOUR });
  let second: CoordinatorHarness | undefined;

  beforeAll(() => first.start());
  afterAll(async () => {
    await second?.stop();
    await first.stop();
  });

  const topicConfigs = async (harness: CoordinatorHarness, topics: string[]) => {
    const admin = harness.kafkaAdmin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
      });
      return Object.fromEntries(
        resources.map((r) => [
          r.resourceName,
          Object.fromEntries(r.configEntries.map((e) => [e.configName, e.configValue])),
        ]),
      );
    } finally {
      await admin.disconnect();
    }
  };

  const register = async (harness: CoordinatorHarness, name: string) => {
    const { status } = await harness.api('POST', '/v1/services', {
      name,
      identityTypes: ['email'],
      dataCategories: ['crm'],
    });
    expect(status).toBe(201);
  };

  it('creates a command topic and its dead letters with the configured retention', async () => {
    await register(first, 'fresh');
    const topic = first.config.topics.commands('fresh');
    const configs = await topicConfigs(first, [topic, `${topic}.dlq`]);
    expect(configs[topic]['retention.ms']).toBe(HOUR);
    expect(configs[`${topic}.dlq`]['retention.ms']).toBe(HOUR);
  });

  it("corrects an existing command topic's retention at start-up, keeping its other settings", async () => {
    await register(first, 'legacy');
    const topic = first.config.topics.commands('legacy');
    // As if created before retention was bounded, or by hand: a month, and a setting of the operator's own.
    const admin = first.kafkaAdmin();
    await admin.connect();
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [
            { name: 'retention.ms', value: '2592000000' },
            { name: 'max.message.bytes', value: '2097152' },
          ],
        },
      ],
    });
    await admin.disconnect();
    expect((await topicConfigs(first, [topic]))[topic]['retention.ms']).toBe('2592000000');

    // A coordinator starting on the same ledger and topics (a restart, or another replica).
    second = new CoordinatorHarness({
      LETHE_COMMAND_RETENTION_MS: HOUR,
      DATABASE_URL: first.config.databaseUrl,
      LETHE_TOPIC_PREFIX: first.config.topicPrefix,
    });
    await second.start();
    const configs = await topicConfigs(first, [topic, `${topic}.dlq`]);
    expect(configs[topic]['retention.ms']).toBe(HOUR);
    expect(configs[topic]['max.message.bytes']).toBe('2097152');
    expect(configs[`${topic}.dlq`]['retention.ms']).toBe(HOUR);
  });
});
