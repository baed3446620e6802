import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { decodeMessage, parseVerificationResult, ProtocolError } from '@lethe/deletion-sdk/protocol';
import { Consumer, EachMessagePayload, KafkaMessage } from 'kafkajs';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { KeyRing } from '../crypto/key-ring';
import { classifyApplyFailure } from '../kafka/apply-failure';
import { KafkaConnection } from '../kafka/kafka-connection';
import { deadLetterConsumed } from '../kafka/kafka-message';
import { PartitionRetries } from '../kafka/partition-retries';
import { MetricsService } from '../metrics/metrics.service';
import { VerificationRepository } from './verification.repository';

/**
 * Consumes `<prefix>lethe.erasure.verifications` with kafkajs directly, in a group of its own, apart from the
 * results hot path: each answer is checked (HMAC under the claimed service's key, then the schema) and recorded
 * once. A message that can never be valid is dead-lettered, and so is one PostgreSQL will never store; one that
 * failed for a passing reason (PostgreSQL down) pauses its partition, which is read again from that message when the
 * pause ends, so no answer is skipped by the commit of the next one.
 */
@Injectable()
export class VerificationResultConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(VerificationResultConsumer.name);
  private consumer?: Consumer;
  private readonly retries = new PartitionRetries();

  constructor(
    private readonly kafka: KafkaConnection,
    private readonly keys: KeyRing,
    private readonly repository: VerificationRepository,
    private readonly metrics: MetricsService,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.verification.enabled) return;
    await this.kafka.consumers.run('verifications', {
      create: () => this.kafka.groupConsumer('lethe-coordinator-verifications'),
      begin: (consumer) => this.begin(consumer),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.retries.clear();
    await this.kafka.consumers.stop('verifications');
  }

  private async begin(consumer: Consumer): Promise<void> {
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [this.config.topics.verifications], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachMessage: (payload) => this.handle(payload) });
  }

  async handle({ topic, partition, message, pause }: EachMessagePayload): Promise<void> {
    try {
      const result = decodeMessage(
        { topic, key: message.key, value: message.value, headers: message.headers },
        this.keys.serviceMessageVerifier,
        parseVerificationResult,
      );
      const recorded = await this.repository.recordVerdict(result, this.clock.now());
      if (recorded && result.verdict === 'present') {
        this.logger.warn(
          `resurrected data found: request ${result.requestId}, service ${result.service}, ` +
            `stores ${(result.findings ?? []).map((finding) => finding.store).join(', ')}`,
        );
      }
    } catch (error) {
      if (error instanceof ProtocolError) {
        await this.park(topic, partition, message, error.code, error.message);
      } else {
        const failure = classifyApplyFailure(error);
        if (!failure.permanent) {
          this.retryLater(topic, partition, message, pause, failure.reason);
          return;
        }
        await this.park(topic, partition, message, 'LEDGER_REFUSED', failure.reason);
      }
    }
    this.retries.succeeded(topic, partition);
    await this.consumer?.commitOffsets([
      { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
    ]);
  }

  private async park(
    topic: string,
    partition: number,
    message: KafkaMessage,
    code: string,
    why: string,
  ): Promise<void> {
    this.logger.warn(`dead-lettering ${topic}[${partition}]@${message.offset}: ${code} ${why}`);
    await deadLetterConsumed(this.kafka, topic, partition, message, { code, message: why }, this.clock.now());
    this.metrics.recordDeadLetter(topic, code);
  }

  /** Pauses the partition and, when the pause ends, reads it again from this message: nothing is committed past it. */
  private retryLater(
    topic: string,
    partition: number,
    message: KafkaMessage,
    pause: EachMessagePayload['pause'],
    reason: string,
  ): void {
    const where = { topic, partition, offset: message.offset };
    const waitMs = this.retries.retryFrom(this.consumer, where, pause);
    this.logger.error(
      `could not record the verification ${topic}[${partition}]@${message.offset} (${reason}); retrying from there in ${waitMs} ms`,
    );
  }
}
