import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { decodeMessage, parseVerificationResult, ProtocolError } from '@lethe/deletion-sdk/protocol';
import { Consumer, EachMessagePayload } from 'kafkajs';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { KeyRing } from '../crypto/key-ring';
import { KafkaConnection } from '../kafka/kafka-connection';
import { deadLetterConsumed } from '../kafka/kafka-message';
import { MetricsService } from '../metrics/metrics.service';
import { VerificationRepository } from './verification.repository';

/**
 * Consumes `<prefix>lethe.erasure.verifications` with kafkajs directly, in a group of its own, apart from the
 * results hot path: each answer is checked (HMAC under the claimed service's key, then the schema) and recorded
 * once. A message that can never be valid is dead-lettered; one that failed for a passing reason is not committed,
 * so it is read again after a restart.
 */
@Injectable()
export class VerificationResultConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(VerificationResultConsumer.name);
  private consumer?: Consumer;

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
    await this.kafka.consumers.stop('verifications');
  }

  private async begin(consumer: Consumer): Promise<void> {
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [this.config.topics.verifications], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachMessage: (payload) => this.handle(payload) });
  }

  async handle({ topic, partition, message }: EachMessagePayload): Promise<void> {
    const where = `${topic}[${partition}]@${message.offset}`;
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
      if (!(error instanceof ProtocolError)) {
        this.logger.error(`could not record the verification ${where}: ${String(error)}`);
        return;
      }
      this.logger.warn(`dead-lettering ${where}: ${error.code} ${error.message}`);
      await deadLetterConsumed(
        this.kafka,
        topic,
        partition,
        message,
        { code: error.code, message: error.message },
        this.clock.now(),
      );
      this.metrics.recordDeadLetter(topic, error.code);
    }
    await this.consumer?.commitOffsets([
      { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
    ]);
  }
}
