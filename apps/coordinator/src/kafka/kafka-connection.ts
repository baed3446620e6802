import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Admin, Consumer, Kafka, logLevel, Message, Partitioners, Producer, TopicMessages } from 'kafkajs';
import { TopicProvisioner } from '@lethe/deletion-sdk/client';
import { nestSdkLogger } from '@lethe/deletion-sdk/nest';
import type { TopicSpec } from '@lethe/deletion-sdk/protocol';
import { CoordinatorConfig } from '../config/coordinator-config';
import { ConsumerSupervisor } from './consumer-supervisor';
import { nestKafkaLogCreator } from './kafka-log';

/** Retries of one produce request before the send fails (at most a few seconds with the backoff below). */
export const PRODUCER_RETRIES = 5;

/** The coordinator's own kafkajs client: topic administration and the (idempotent) producer. */
@Injectable()
export class KafkaConnection implements OnApplicationShutdown {
  readonly kafka: Kafka;
  /** The process's own consumers (results, verifications), started again when kafkajs gives up on one. */
  readonly consumers = new ConsumerSupervisor(new Logger('KafkaConsumers'));
  private admin?: Promise<Admin>;
  private producer?: Promise<Producer>;
  private readonly knownTopics = new Set<string>();
  private readonly topicLogger = nestSdkLogger('KafkaTopics');

  constructor(private readonly config: CoordinatorConfig) {
    this.kafka = new Kafka({
      clientId: config.kafkaClientId,
      brokers: config.kafkaBrokers,
      logLevel: logLevel.WARN,
      logCreator: nestKafkaLogCreator('kafkajs'),
      retry: { retries: 8, initialRetryTime: 200 },
    });
  }

  /**
   * Creates missing topics and waits for their leaders, and corrects the retention of existing ones (see
   * TopicProvisioner); a topic already seen by this process is not asked for again.
   */
  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    const missing = topics.filter((t) => !this.knownTopics.has(t.topic));
    if (missing.length === 0) return;
    // the SDK's provisioner: the same race-tolerant creation the services use
    await new TopicProvisioner(await this.getAdmin(), this.topicLogger).ensure(missing);
    missing.forEach((t) => this.knownTopics.add(t.topic));
  }

  /**
   * A consumer of the coordinator's own, in the environment's group `<prefix><group>`: it never creates topics, and
   * waits at most `kafkaMaxWaitMs` per fetch, which bounds how long stopping it takes.
   */
  groupConsumer(group: string): Consumer {
    return this.kafka.consumer({
      groupId: `${this.config.topicPrefix}${group}`,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: this.config.kafkaMaxWaitMs,
    });
  }

  /** Forgets that topics exist, so the next ensureTopics creates them again (one was deleted from Kafka). */
  forgetTopics(topics: string[]): void {
    for (const topic of topics) this.knownTopics.delete(topic);
  }

  async send(topic: string, messages: Message[]): Promise<void> {
    const producer = await this.getProducer();
    await producer.send({ topic, messages, acks: -1 });
  }

  /** Messages for several topics in one call: kafkajs groups them into one produce request per broker. */
  async sendBatch(topicMessages: TopicMessages[]): Promise<void> {
    if (topicMessages.length === 0) return;
    const producer = await this.getProducer();
    await producer.sendBatch({ topicMessages, acks: -1 });
  }

  async describeCluster(): Promise<{ brokers: number }> {
    const admin = await this.getAdmin();
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length };
  }

  private getAdmin(): Promise<Admin> {
    this.admin ??= connect(this.kafka.admin(), () => (this.admin = undefined));
    return this.admin;
  }

  private getProducer(): Promise<Producer> {
    this.producer ??= connect(
      this.kafka.producer({
        idempotent: true,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
        // Bounded, so a send during an outage fails within seconds instead of retrying for ever in the background
        // (a timed-out send kept going and arrived later as a burst of duplicates). The row that failed backs off
        // in the outbox and is sent again; the SDK recognises a command id it has answered.
        retry: { retries: PRODUCER_RETRIES, initialRetryTime: 100, maxRetryTime: 2_000 },
      }),
      () => (this.producer = undefined),
    );
    return this.producer;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumers.stopAll();
    const clients = await Promise.allSettled([this.producer, this.admin].filter(Boolean));
    for (const client of clients) {
      if (client.status === 'fulfilled' && client.value) await client.value.disconnect();
    }
  }
}

/** A failed connect is forgotten so the next call tries again instead of reusing the rejected promise. */
async function connect<T extends { connect(): Promise<void> }>(client: T, forget: () => void): Promise<T> {
  try {
    await client.connect();
    return client;
  } catch (error) {
    forget();
    throw error;
  }
}

/** Whether a send failed because its topic does not exist (deleted, or never created): the cause chain is walked. */
export function isUnknownTopicError(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth += 1) {
    const { type, originalError } = cause as { type?: unknown; originalError?: unknown };
    if (type === 'UNKNOWN_TOPIC_OR_PARTITION') return true;
    cause = originalError ?? (cause as { cause?: unknown }).cause;
  }
  return false;
}
