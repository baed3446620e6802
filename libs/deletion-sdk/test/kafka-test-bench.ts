import { createHash, randomBytes } from 'node:crypto';
import { Admin, Consumer, IHeaders, Kafka, KafkaMessage, logLevel, Producer } from 'kafkajs';
import { encodeMessage } from '../src/protocol/codec';
import type { ErasureCommand } from '../src/protocol/messages';
import {
  CommandVerificationKey,
  commandPublicKey,
  commandSigner,
  commandSigningKeyFromSeed,
} from '../src/protocol/command-signing';
import { deriveServiceSecret, SigningKey } from '../src/protocol/service-signing';
import type { MessageSigner } from '../src/protocol/signing';
import { commandTopic, deadLetterTopic } from '../src/protocol/topics';
import { silentLogger } from '../src/core/sdk-logger';
import { DeletionClientOptions } from '../src/client/deletion-client.options';
import { sdkTopicSpecs } from '../src/protocol/topic-specs';
import { TopicProvisioner } from '../src/client/topic-provisioner';

export const MASTER_KEY = 'integration-test-master-key';

export function kafkaBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers)
    throw new Error('KAFKA_BROKERS is not set; run the integration project, whose global setup sets it');
  return brokers.split(',');
}

/** A service name no other test (or earlier run) uses, so each test gets its own command topic and group. */
export function uniqueService(label: string): string {
  return `it-${label}-${randomBytes(4).toString('hex')}`;
}

export function signingKey(service: string, id = 'k1'): SigningKey {
  return { id, secret: deriveServiceSecret(MASTER_KEY, service, id) };
}

/** The test coordinator's own Ed25519 command key under `id`, from a fixed seed so every test agrees on it. */
export function coordinatorCommandKey(id = 'k1') {
  return commandSigningKeyFromSeed(id, createHash('sha256').update(`${MASTER_KEY}/command/${id}`).digest());
}

/** What a service is configured with to accept the test coordinator's commands. */
export function commandVerificationKeys(...ids: string[]): CommandVerificationKey[] {
  return (ids.length > 0 ? ids : ['k1']).map((id) => ({
    id,
    publicKey: commandPublicKey(coordinatorCommandKey(id)).raw,
  }));
}

/** Client options tuned for tests: fast polling and backoff, and an isolated group. */
export function testClientOptions(
  service: string,
  overrides: Partial<DeletionClientOptions> = {},
): DeletionClientOptions {
  return {
    service,
    brokers: kafkaBrokers(),
    signingKey: signingKey(service),
    commandVerificationKeys: commandVerificationKeys(),
    identityTypes: ['email', 'user_id'],
    dataCategories: ['integration-test'],
    logger: silentLogger,
    localRetry: { attempts: 3, baseDelayMs: 20 },
    consumer: { maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 500 },
    ...overrides,
  };
}

/** Messages seen on one topic by a private consumer group. */
export class TopicCollector {
  readonly messages: KafkaMessage[] = [];
  /** Per partition, the offset after the last message read, whether it was accepted or not. */
  private readonly positions = new Map<number, bigint>();

  constructor(
    readonly consumer: Consumer,
    readonly topic: string,
    private readonly accept: (message: KafkaMessage) => boolean,
  ) {}

  push(message: KafkaMessage, partition: number): void {
    this.positions.set(partition, BigInt(message.offset) + 1n);
    if (this.accept(message)) this.messages.push(message);
  }

  /**
   * Waits until this collector has read everything written to its topic before the call: what it holds then is all
   * there was, a message still in flight at the call included.
   */
  async caughtUp(admin: Admin, timeoutMs = 15_000): Promise<void> {
    const ends = await admin.fetchTopicOffsets(this.topic);
    const deadline = Date.now() + timeoutMs;
    const read = ({ partition, low, high }: (typeof ends)[number]) =>
      (this.positions.get(partition) ?? BigInt(low)) >= BigInt(high);
    while (!ends.every(read)) {
      if (Date.now() > deadline)
        throw new Error(`${this.topic} was not read to its end within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async waitFor(count: number, timeoutMs = 15_000): Promise<KafkaMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} message(s) within ${timeoutMs} ms, got ${this.messages.length}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return this.messages;
  }

  /** Parsed JSON bodies. */
  bodies<T>(): T[] {
    return this.messages.map((message) => JSON.parse(String(message.value)) as T);
  }
}

/** Plays the coordinator's side: creates topics, sends commands, watches results, registry and dead letters. */
export class KafkaTestBench {
  readonly kafka = new Kafka({
    clientId: 'sdk-integration-test',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  readonly admin: Admin = this.kafka.admin();
  private readonly producer: Producer = this.kafka.producer({ allowAutoTopicCreation: false });
  private readonly consumers: Consumer[] = [];
  private readonly groups: string[] = [];
  private readonly topics: string[] = [];

  async connect(): Promise<this> {
    await Promise.all([this.admin.connect(), this.producer.connect()]);
    return this;
  }

  /** Creates the service's topics up front, so commands can be sent before its client starts. */
  async createTopics(service: string): Promise<void> {
    await new TopicProvisioner(this.admin, silentLogger).ensure(
      sdkTopicSpecs(service, { commands: 1, results: 3, registry: 1, deadLetter: 1 }),
    );
    this.topics.push(commandTopic(service), deadLetterTopic(commandTopic(service)));
  }

  /** Sends a command to its service's topic, signed as the coordinator signs it unless another signer is given. */
  async sendCommand(
    command: ErasureCommand,
    signer: MessageSigner = commandSigner(coordinatorCommandKey()),
  ): Promise<void> {
    const topic = commandTopic(command.service);
    const { value, headers } = encodeMessage(command, { topic, key: command.requestId }, signer);
    await this.sendRaw(topic, command.requestId, value, headers);
  }

  /** Sends commands of one service in one produce request, so a client usually fetches them as one batch. */
  async sendCommands(commands: ErasureCommand[]): Promise<void> {
    const signer = commandSigner(coordinatorCommandKey());
    const topic = commandTopic(commands[0].service);
    const messages = commands.map((command) => ({
      key: command.requestId,
      ...encodeMessage(command, { topic, key: command.requestId }, signer),
    }));
    await this.producer.send({ topic, acks: -1, messages });
  }

  async sendRaw(topic: string, key: string, value: Buffer, headers: IHeaders): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages: [{ key, value, headers }] });
  }

  /** Starts a private consumer on `topic` from the beginning, keeping the messages `accept` lets through. */
  async collect(topic: string, accept: (message: KafkaMessage) => boolean): Promise<TopicCollector> {
    const groupId = `sdk-it-watch-${randomBytes(6).toString('hex')}`;
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
    const collector = new TopicCollector(consumer, topic, accept);
    this.consumers.push(consumer);
    this.groups.push(groupId);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message, partition }) => collector.push(message, partition) });
    return collector;
  }

  /** How many messages of `topic` the group has committed, over all partitions (offsets start at 0). */
  async committedCount(groupId: string, topic: string): Promise<number> {
    const [entry] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    return entry.partitions.reduce((sum, { offset }) => sum + Math.max(Number(offset), 0), 0);
  }

  /**
   * Waits until the group has committed at least `atLeast` messages of `topic`, or the time is up, and says how many
   * it has then. A client commits after it has published the results, so their being read says nothing yet.
   */
  async waitForCommitted(
    groupId: string,
    topic: string,
    atLeast: number,
    timeoutMs = 15_000,
  ): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let committed = await this.committedCount(groupId, topic);
    while (committed < atLeast && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      committed = await this.committedCount(groupId, topic);
    }
    return committed;
  }

  /** Registers a consumer group and topics a test created by other means, for cleanup. */
  forget(groupId: string): void {
    this.groups.push(groupId);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.consumers.map((consumer) => consumer.disconnect()));
    // Leave nothing behind: the per-test topics and groups. Shared topics (results, registry) stay.
    await this.admin.deleteGroups(this.groups).catch(() => undefined);
    if (this.topics.length > 0) await this.admin.deleteTopics({ topics: this.topics }).catch(() => undefined);
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}

/** Accepts messages whose JSON body has the given field values. */
export function whereBody(fields: Record<string, unknown>): (message: KafkaMessage) => boolean {
  return (message) => {
    try {
      const body = JSON.parse(String(message.value)) as Record<string, unknown>;
      return Object.entries(fields).every(([key, value]) => body[key] === value);
    } catch {
      return false;
    }
  };
}
