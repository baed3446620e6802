import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Admin, Kafka, logLevel, Message, Partitioners, Producer } from 'kafkajs';
import { TopicProvisioner } from '@lethe/deletion-sdk/client';
import { nestSdkLogger } from '@lethe/deletion-sdk/nest';
import type { TopicSpec } from '@lethe/deletion-sdk/protocol';
import { CoordinatorConfig } from '../config/coordinator-config';
import { nestKafkaLogCreator } from './kafka-log';

/** The coordinator's own kafkajs client: topic administration and the (idempotent) producer. */
@Injectable()
export class KafkaConnection implements OnApplicationShutdown {
  readonly kafka: Kafka;
  private admin?: Promise<Admin>;
  private producer?: Promise<Producer>;
  private readonly knownTopics = new Set<string>();
  private readonly topicLogger = nestSdkLogger('KafkaTopics');

  constructor(config: CoordinatorConfig) {
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

  async send(topic: string, messages: Message[]): Promise<void> {
    const producer = await this.getProducer();
    await producer.send({ topic, messages, acks: -1 });
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
        // an idempotent producer must not give up on its own; the relay bounds each publish with a timeout instead
        retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5_000 },
      }),
      () => (this.producer = undefined),
    );
    return this.producer;
  }

  async onApplicationShutdown(): Promise<void> {
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
