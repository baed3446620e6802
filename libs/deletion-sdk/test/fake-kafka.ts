import type { EachBatchPayload, IHeaders, Kafka, KafkaMessage, Message, TopicMessages } from 'kafkajs';

/** What the fake saw, in order, so tests can assert e.g. that a commit came after the result was sent. */
export type FakeKafkaEvent =
  | { kind: 'send'; topic: string; messages: Message[]; acks?: number }
  | { kind: 'commit'; topic: string; partition: number; offset: string }
  | { kind: 'resolve'; topic: string; partition: number; offset: string }
  | { kind: 'lifecycle'; what: string };

export interface DeliveredMessage {
  value: Buffer | null;
  headers?: IHeaders;
  key?: Buffer | null;
  offset?: string;
  partition?: number;
  topic?: string;
}

/**
 * An in-memory stand-in for the few kafkajs calls the client makes, for fast unit tests of its pipeline. Real
 * Kafka behaviour (rebalances, redelivery after a crash) is covered by the integration tests.
 */
export class FakeKafka {
  readonly events: FakeKafkaEvent[] = [];
  readonly existingTopics = new Set<string>();
  readonly createdTopics: {
    topic: string;
    numPartitions?: number;
    configEntries?: unknown[];
    replicationFactor?: number;
  }[] = [];
  producerConfig: unknown;
  consumerConfig: unknown;
  subscription: unknown;
  runConfig: { autoCommit?: boolean } | undefined;
  /** When set, the next producer send rejects with it. */
  failNextSend: Error | undefined;
  private eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;
  private nextOffset = 0;
  private readonly crashListeners: ((event: { payload: { error: Error; restart: boolean } }) => void)[] = [];

  asKafka(): Kafka {
    return this as unknown as Kafka;
  }

  sends(topic?: string): Extract<FakeKafkaEvent, { kind: 'send' }>[] {
    return this.events.filter(
      (e): e is Extract<FakeKafkaEvent, { kind: 'send' }> =>
        e.kind === 'send' && (!topic || e.topic === topic),
    );
  }

  commits(): Extract<FakeKafkaEvent, { kind: 'commit' }>[] {
    return this.events.filter((e): e is Extract<FakeKafkaEvent, { kind: 'commit' }> => e.kind === 'commit');
  }

  /** Hands a message to the client's eachBatch as a batch of one, as the kafkajs runner would. */
  async deliver(message: DeliveredMessage): Promise<void> {
    await this.deliverBatch([message]);
  }

  /** Hands messages of one partition to the client's eachBatch as one fetched batch. */
  async deliverBatch(delivered: DeliveredMessage[]): Promise<void> {
    if (!this.eachBatch) throw new Error('the consumer is not running');
    const topic = delivered[0]?.topic ?? 'lethe.erasure.commands.accounts';
    const partition = delivered[0]?.partition ?? 0;
    const messages: KafkaMessage[] = delivered.map((message) => ({
      key: message.key ?? null,
      value: message.value,
      headers: message.headers ?? {},
      offset: message.offset ?? String(this.nextOffset++),
      timestamp: '0',
      attributes: 0,
    }));
    const batch = {
      topic,
      partition,
      messages,
      highWatermark: '0',
      isEmpty: () => messages.length === 0,
      firstOffset: () => messages[0]?.offset ?? null,
      lastOffset: () => messages.at(-1)?.offset ?? '-1',
      offsetLag: () => '0',
      offsetLagLow: () => '0',
    };
    await this.eachBatch({
      batch,
      resolveOffset: (offset: string) => {
        this.events.push({ kind: 'resolve', topic, partition, offset });
      },
      heartbeat: async () => undefined,
      pause: () => () => undefined,
      commitOffsetsIfNecessary: async () => undefined,
      uncommittedOffsets: () => ({ topics: [] }),
      isRunning: () => true,
      isStale: () => false,
    });
  }

  /** Emits the consumer's CRASH event, as kafkajs does when the consumer fails. */
  crash(restart: boolean): void {
    for (const listener of this.crashListeners) listener({ payload: { error: new Error('fatal'), restart } });
  }

  admin() {
    return {
      connect: async () => this.lifecycle('admin.connect'),
      disconnect: async () => this.lifecycle('admin.disconnect'),
      listTopics: async () => [...this.existingTopics],
      createTopics: async ({ topics }: { topics: FakeKafka['createdTopics'] }) => {
        for (const topic of topics) {
          this.createdTopics.push(topic);
          this.existingTopics.add(topic.topic);
        }
        return true;
      },
      fetchTopicMetadata: async ({ topics }: { topics: string[] }) => ({
        topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1 }] })),
      }),
    };
  }

  producer(config: unknown) {
    this.producerConfig = config;
    const failed = () => {
      const failure = this.failNextSend;
      this.failNextSend = undefined;
      return failure;
    };
    return {
      connect: async () => this.lifecycle('producer.connect'),
      disconnect: async () => this.lifecycle('producer.disconnect'),
      send: async ({ topic, messages, acks }: { topic: string; messages: Message[]; acks?: number }) => {
        const failure = failed();
        if (failure) throw failure;
        this.events.push({ kind: 'send', topic, messages, acks });
        return [];
      },
      /** One produce request; recorded as one send per topic in it. */
      sendBatch: async ({ topicMessages, acks }: { topicMessages: TopicMessages[]; acks?: number }) => {
        const failure = failed();
        if (failure) throw failure;
        for (const { topic, messages } of topicMessages)
          this.events.push({ kind: 'send', topic, messages, acks });
        return [];
      },
    };
  }

  consumer(config: unknown) {
    this.consumerConfig = config;
    return {
      events: { CRASH: 'consumer.crash' },
      on: (_event: string, listener: (event: { payload: { error: Error; restart: boolean } }) => void) => {
        this.crashListeners.push(listener);
        return () => undefined;
      },
      connect: async () => this.lifecycle('consumer.connect'),
      disconnect: async () => {
        this.eachBatch = undefined;
        this.lifecycle('consumer.disconnect');
      },
      subscribe: async (subscription: unknown) => {
        this.subscription = subscription;
      },
      run: async (config: {
        autoCommit?: boolean;
        eachBatch: (payload: EachBatchPayload) => Promise<void>;
      }) => {
        this.runConfig = config;
        this.eachBatch = config.eachBatch;
        this.lifecycle('consumer.run');
      },
      pause: () => this.lifecycle('consumer.pause'),
      commitOffsets: async (offsets: { topic: string; partition: number; offset: string }[]) => {
        for (const offset of offsets) this.events.push({ kind: 'commit', ...offset });
      },
    };
  }

  private lifecycle(what: string): void {
    this.events.push({ kind: 'lifecycle', what });
  }
}
