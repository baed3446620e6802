import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { OutboxRepository } from '../dispatch/outbox.repository';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { RegistryService } from '../registry/registry.service';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { TaskStateService } from '../tasks/task-state.service';
import { BulkJobRepository, BulkJobRow, PendingLine } from './bulk-job.repository';
import { BuiltRequest, buildBulkRequest } from './bulk-request-builder';
import { bulkStream } from './bulk-stream';

export type BatchOutcome = 'more' | 'done' | 'waiting';

/**
 * Turns the next batch of a job's accepted lines into requests, in ONE transaction: the requests and their tasks
 * (through TaskStateService), the outbox rows, the `request.received` events (startStreams) and the lines'
 * new state. A line is therefore done exactly when its request exists: a crash or a restart between batches
 * resumes at the first line still pending and creates nothing twice.
 */
@Injectable()
export class BulkRequestCreator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: BulkJobRepository,
    private readonly registry: RegistryService,
    private readonly state: TaskStateService,
    private readonly requests: ErasureRequestRepository,
    private readonly outbox: OutboxRepository,
    private readonly ledger: LedgerRepository,
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
      const services = await this.registry.activeServiceNames(manager);
      if (services.length === 0) return 'waiting';
      await this.create(manager, job, lines, services, now);
      return 'more';
    });
  }

  private async create(
    manager: EntityManager,
    job: BulkJobRow,
    lines: PendingLine[],
    services: string[],
    now: Date,
  ): Promise<void> {
    const existing = await this.requests.idsByExternalId(
      manager,
      lines.flatMap((line) => (line.externalId === null ? [] : [line.externalId])),
    );
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
    // one statement each for the requests, their tasks and their outbox rows (unnest: no parameter limit)
    await this.state.createRequests(manager, built);
    await this.outbox.enqueue(
      manager,
      built.flatMap((item) => item.tasks.map((task) => ({ taskId: task.id, attempt: 1 }))),
      now,
    );
    // every request of the batch is new, so are its streams: started without reading or locking any head
    await this.ledger.startStreams(
      manager,
      built.map((item) => ({ stream: requestStream(item.request.id), events: [item.received] })),
      now,
    );
    await this.jobs.settleLines(manager, job.id, outcomes, now);
  }
}
