import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { OutboxRepository } from '../dispatch/outbox.repository';
import { LegalHoldService } from '../holds/legal-hold.service';
import { LedgerRepository } from '../ledger/ledger.repository';
import { fanOutOf, IntakeSnapshot, readIntakeSnapshot } from '../requests/intake-snapshot';
import { writeNewRequests } from '../requests/new-requests-write';
import { TaskStateService } from '../tasks/task-state.service';
import { BulkJobRepository, BulkJobRow, PendingLine } from './bulk-job.repository';
import { BuiltRequest, buildBulkRequest } from './bulk-request-builder';
import { bulkStream } from './bulk-stream';

export type BatchOutcome = 'more' | 'done' | 'waiting';

/**
 * Turns the next batch of a job's accepted lines into requests, in ONE transaction: the requests and their tasks
 * (through TaskStateService), the outbox rows and the `request.received` events (one statement), and the lines'
 * new state. A line is therefore done exactly when its request exists: a crash or a restart between batches
 * resumes at the first line still pending and creates nothing twice.
 */
@Injectable()
export class BulkRequestCreator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: BulkJobRepository,
    private readonly state: TaskStateService,
    private readonly outbox: OutboxRepository,
    private readonly ledger: LedgerRepository,
    private readonly holds: LegalHoldService,
    private readonly clock: Clock,
    private readonly config: CoordinatorConfig,
  ) {}

  createNextBatch(jobId: string): Promise<BatchOutcome> {
    return this.dataSource.transaction(async (manager) => {
      // the job's row lock: one replica at a time works on a job, so its lines need no locks of their own
      const job = await this.jobs.lockJob(manager, jobId);
      if (!job || (job.status !== 'queued' && job.status !== 'processing')) return 'done';
      const now = this.clock.now();
      const lines = await this.jobs.claimPending(manager, jobId, this.config.bulk.batchSize);
      if (lines.length === 0) {
        await this.jobs.markDone(manager, jobId, now);
        await this.ledger.append(
          manager,
          bulkStream(jobId),
          [
            {
              type: 'bulk.done',
              actor: 'system',
              data: { requestsCreated: job.requestsCreated, duplicates: job.duplicates },
            },
          ],
          now,
        );
        return 'done';
      }
      // the services and the lines' external ids taken already: one statement (holds are read once the lines'
      // requests are built, with their identity hashes)
      const snapshot = await readIntakeSnapshot(
        manager,
        lines.flatMap((line) => (line.externalId === null ? [] : [line.externalId])),
        [],
        now,
      );
      // a dry run waits, too, while only targets (which have no dry run) are registered
      if (fanOutOf(snapshot, job.dryRun).length === 0) return 'waiting';
      await this.create(manager, job, lines, snapshot, now);
      return 'more';
    });
  }

  private async create(
    manager: EntityManager,
    job: BulkJobRow,
    lines: PendingLine[],
    snapshot: IntakeSnapshot,
    now: Date,
  ): Promise<void> {
    const { taken: existing, targets } = snapshot;
    const services = fanOutOf(snapshot, job.dryRun);
    const built: BuiltRequest[] = [];
    const outcomes: { lineNo: number; state: 'created' | 'duplicate'; requestId: string }[] = [];
    for (const line of lines) {
      const earlier = line.externalId === null ? undefined : existing.get(line.externalId);
      if (earlier) {
        // an externalId that exists already is skipped, as POST /v1/erasure-requests returns the existing one
        outcomes.push({ lineNo: line.lineNo, state: 'duplicate', requestId: earlier });
        continue;
      }
      const item = buildBulkRequest(job, line, services, this.config.deadlineCalendar, now);
      if (line.externalId !== null) existing.set(line.externalId, item.request.id);
      built.push(item);
      outcomes.push({ lineNo: line.lineNo, state: 'created', requestId: item.request.id });
    }
    // a subject under legal hold is recorded and answered as retained, and nothing is dispatched: as at intake,
    // and by intake's one write
    const holds = await this.holds.heldByEach(
      manager,
      built.map((item) => item.request.identityHashes.map((identity) => identity.hash)),
    );
    await writeNewRequests(
      { state: this.state, outbox: this.outbox, ledger: this.ledger, holds: this.holds },
      manager,
      built,
      targets,
      holds,
      now,
    );
    await this.jobs.settleLines(manager, job.id, outcomes, now);
  }
}
