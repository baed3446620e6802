import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ErasureResult, ProtocolError } from '@lethe/deletion-sdk/protocol';
import { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { EventLoopSlice } from '../common/event-loop-slice';
import { CoordinatorConfig } from '../config/coordinator-config';
import { KeyRing } from '../crypto/key-ring';
import { classifyApplyFailure } from '../kafka/apply-failure';
import { decodeResult } from '../kafka/coordinator-decoders';
import { KafkaConnection } from '../kafka/kafka-connection';
import { deadLetterConsumed } from '../kafka/kafka-message';
import { PartitionRetries } from '../kafka/partition-retries';
import { MetricsService } from '../metrics/metrics.service';
import { ResultService } from './result.service';

interface Decoded {
  message: KafkaMessage;
  result: ErasureResult;
}

/** Thrown inside a batch to stop it at `message`: nothing from there on is resolved or committed. */
class RetryFrom extends Error {
  constructor(
    readonly from: KafkaMessage,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Consumes results with kafkajs' eachBatch and applies them `resultBatchSize` per transaction. The offset moves
 * only past what committed in PostgreSQL or went to the dead-letter topic: a message that fails for a passing
 * reason (PostgreSQL down) pauses its partition, which is then re-read from that message once the pause ends, so
 * no result is skipped; one PostgreSQL will never take is dead-lettered with the reason.
 */
@Injectable()
export class ResultBatchConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ResultBatchConsumer.name);
  private consumer?: Consumer;
  private readonly retries = new PartitionRetries();

  constructor(
    private readonly results: ResultService,
    private readonly keys: KeyRing,
    private readonly kafka: KafkaConnection,
    private readonly metrics: MetricsService,
    private readonly config: CoordinatorConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // supervised: a consumer kafkajs gives up on is started again, and readiness says so meanwhile
    await this.kafka.consumers.run('results', {
      create: () => this.kafka.groupConsumer('lethe-coordinator-results'),
      begin: (consumer) => this.begin(consumer),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.retries.clear();
    await this.kafka.consumers.stop('results');
  }

  private async begin(consumer: Consumer): Promise<void> {
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.config.topics.results, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // results of one request share a partition (key = request id), so partitions are applied side by side
      partitionsConsumedConcurrently: this.config.commandTopicPartitions,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    try {
      let pending: Decoded[] = [];
      // verifying signatures is CPU work: in slices, so intake's HTTP requests are served during a large batch
      const slice = new EventLoopSlice();
      for (const message of batch.messages) {
        if (!payload.isRunning() || payload.isStale()) break;
        await slice.yieldIfSpent();
        const decoded = this.decode(batch.topic, message);
        if (decoded instanceof ProtocolError) {
          // what came before is applied first, so the offset never moves past an unapplied result
          await this.applyChunks(payload, pending);
          pending = [];
          await this.park(batch.topic, batch.partition, message, decoded.code, decoded.message);
          await this.commit(payload, message);
        } else {
          pending.push(decoded);
        }
      }
      await this.applyChunks(payload, pending);
      this.retries.succeeded(batch.topic, batch.partition);
    } catch (error) {
      if (!(error instanceof RetryFrom)) throw error;
      this.retryLater(payload, error);
    }
  }

  private decode(topic: string, message: KafkaMessage): Decoded | ProtocolError {
    try {
      const received = { topic, key: message.key, value: message.value, headers: message.headers };
      return { message, result: decodeResult(received, this.keys.serviceMessageVerifier) };
    } catch (error) {
      if (error instanceof ProtocolError) return error;
      throw error;
    }
  }

  private async applyChunks(payload: EachBatchPayload, decoded: Decoded[]): Promise<void> {
    const size = this.config.resultBatchSize;
    for (let start = 0; start < decoded.length; start += size) {
      const chunk = decoded.slice(start, start + size);
      try {
        await this.results.applyMany(
          chunk.map(({ result }) => ({ result, actor: `service:${result.service}` })),
        );
      } catch (error) {
        const failure = classifyApplyFailure(error);
        if (!failure.permanent) throw new RetryFrom(chunk[0].message, failure.reason);
        // one of them cannot be stored: apply them one by one, and park the one(s) that fail for good
        await this.applyOneByOne(payload, chunk);
      }
      await this.commit(payload, chunk[chunk.length - 1].message);
      await payload.heartbeat();
    }
  }

  private async applyOneByOne(payload: EachBatchPayload, chunk: Decoded[]): Promise<void> {
    for (const { message, result } of chunk) {
      try {
        await this.results.apply(result);
      } catch (error) {
        const failure = classifyApplyFailure(error);
        if (!failure.permanent) throw new RetryFrom(message, failure.reason);
        this.logger.warn(`result ${result.id} cannot be stored, dead-lettering it: ${failure.reason}`);
        await this.park(
          payload.batch.topic,
          payload.batch.partition,
          message,
          'LEDGER_REFUSED',
          failure.reason,
        );
      }
      await this.commit(payload, message);
    }
  }

  private async park(topic: string, partition: number, message: KafkaMessage, code: string, why: string) {
    try {
      await deadLetterConsumed(this.kafka, topic, partition, message, { code, message: why }, new Date());
    } catch (error) {
      throw new RetryFrom(message, `dead-lettering failed: ${String(error)}`);
    }
    this.metrics.recordDeadLetter(topic, code);
  }

  private async commit(payload: EachBatchPayload, message: KafkaMessage): Promise<void> {
    payload.resolveOffset(message.offset);
    const { topic, partition } = payload.batch;
    const offset = (BigInt(message.offset) + 1n).toString();
    await this.consumer!.commitOffsets([{ topic, partition, offset }]);
  }

  /** Pauses the partition and, when the pause ends, reads it again from the first message not applied. */
  private retryLater(payload: EachBatchPayload, stop: RetryFrom): void {
    const { topic, partition } = payload.batch;
    const where = { topic, partition, offset: stop.from.offset };
    const waitMs = this.retries.retryFrom(this.consumer, where, () => payload.pause());
    this.logger.warn(
      `could not apply results of ${topic}[${partition}]@${stop.from.offset} (${stop.reason}); retrying from there in ${waitMs} ms`,
    );
  }
}
