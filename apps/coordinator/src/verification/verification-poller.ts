import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { encodeMessage, SubjectIdentity, VerificationCommand } from '@lethe/deletion-sdk/protocol';
import { Message } from 'kafkajs';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { IntervalPoller } from '../common/interval-poller';
import { CoordinatorConfig } from '../config/coordinator-config';
import { openPayload } from '../crypto/identity-vault';
import { KeyRing } from '../crypto/key-ring';
import { KafkaConnection } from '../kafka/kafka-connection';
import { ClaimedVerification, VerificationRepository } from './verification.repository';

export const IDENTITIES_SHREDDED_CODE = 'IDENTITIES_SHREDDED';

export interface VerificationPassReport {
  scheduled: number;
  sent: number;
}

/**
 * The verification pass: `LETHE_VERIFY_AFTER_MS` after a request completed, asks every SDK service that reported
 * the subject gone whether it still is. Driven from PostgreSQL alone by a poller on every replica (SKIP LOCKED);
 * a verification is marked sent in the transaction that published it, so a crash re-sends (the answer is recorded
 * once).
 */
@Injectable()
export class VerificationPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(VerificationPoller.name);
  private readonly poller = new IntervalPoller({
    what: 'verification pass',
    pass: () => this.runPass(),
    log: this.logger,
    whileRunning: 'skip',
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: VerificationRepository,
    private readonly kafka: KafkaConnection,
    private readonly keys: KeyRing,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.verification.enabled) return;
    this.poller.start({ intervalMs: this.config.verification.pollIntervalMs, passNow: true });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /** Schedules every due request, then publishes every unsent verification, batch by batch. */
  async runPass(): Promise<VerificationPassReport> {
    const { afterMs, batchSize } = this.config.verification;
    const report: VerificationPassReport = { scheduled: 0, sent: 0 };
    for (;;) {
      const scheduled = await this.repository.scheduleDue(this.clock.now(), afterMs, batchSize);
      report.scheduled += scheduled;
      if (scheduled < batchSize || this.poller.stopped) break;
    }
    for (;;) {
      const sent = await this.publishBatch(batchSize);
      report.sent += sent;
      if (sent < batchSize || this.poller.stopped) break;
    }
    return report;
  }

  private async publishBatch(limit: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.repository.claimUnsent(manager, limit);
      if (rows.length === 0) return 0;
      const now = this.clock.now();
      const unsendable = rows.filter((row) => !row.sealedIdentities || !row.wrappedDataKey);
      const sendable = rows.filter((row) => row.sealedIdentities && row.wrappedDataKey);
      const byTopic = new Map<string, Message[]>();
      for (const row of sendable) {
        const topic = this.config.topics.commands(row.service);
        // signed with the coordinator's Ed25519 command key, like an erasure command: it carries the same identities
        const { value, headers } = encodeMessage(
          this.commandFor(row, now),
          { topic, key: row.requestId },
          this.keys.commandSigner,
        );
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: row.requestId, value, headers }]);
      }
      await Promise.all([...byTopic].map(([topic, messages]) => this.kafka.send(topic, messages)));
      await this.repository.markSent(
        manager,
        sendable.map((row) => row.id),
        now,
      );
      await this.repository.markUnsendable(
        manager,
        unsendable.map((row) => row.id),
        IDENTITIES_SHREDDED_CODE,
        now,
      );
      return rows.length;
    });
  }

  private commandFor(row: ClaimedVerification, now: Date): VerificationCommand {
    const { identities } = openPayload<{ identities: SubjectIdentity[] }>(this.keys.dataKeyWrappingKey, {
      ciphertext: row.sealedIdentities!,
      wrappedDataKey: row.wrappedDataKey!,
    });
    return {
      v: 1,
      type: 'erasure.verify',
      id: row.id,
      requestId: row.requestId,
      ...(row.taskId ? { taskId: row.taskId } : {}),
      service: row.service,
      issuedAt: now.toISOString(),
      subject: { identities },
    };
  }
}
