import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErasureResult } from '@lethe/deletion-sdk';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { LedgerRepository, NewAuditEvent, requestStream } from '../ledger/ledger.repository';
import { allTasksDone, canTransitionRequest, RequestStatus } from '../requests/request-lifecycle';
import { ErasureRequestEntity } from '../requests/erasure-request.entity';
import { ErasureTaskEntity } from '../tasks/erasure-task.entity';
import { decideResult } from './result-decision';

@Injectable()
export class ResultService {
  private readonly logger = new Logger(ResultService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly clock: Clock,
  ) {}

  /** Applies a verified result to its task and, when that settles the request, to the request. */
  async apply(result: ErasureResult): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const request = await manager
        .getRepository(ErasureRequestEntity)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.id = :id', { id: result.requestId })
        .getOne();
      const task = request
        ? await manager
            .getRepository(ErasureTaskEntity)
            .findOneBy({ id: result.taskId, requestId: request.id })
        : null;
      if (!request || !task) {
        this.logger.warn(`ignoring result ${result.id}: unknown request or task`);
        return;
      }
      const decision = decideResult(task, result);
      if (decision.kind === 'ignore') {
        this.logger.debug(`ignoring result ${result.id}: ${decision.reason}`);
        return;
      }
      const now = this.clock.now();
      const done = decision.status !== 'failed';
      await manager.getRepository(ErasureTaskEntity).update(
        { id: task.id },
        {
          status: decision.status,
          recordsAffected: result.recordsAffected,
          retention: result.retention ?? null,
          lastError: result.error ?? null,
          completedAt: done ? new Date(result.completedAt) : null,
          updatedAt: now,
        },
      );
      const events: NewAuditEvent[] = [
        {
          type: 'task.result',
          actor: `service:${result.service}`,
          data: {
            service: result.service,
            attempt: result.attempt,
            outcome: result.outcome,
            recordsAffected: result.recordsAffected,
            retention: result.retention ?? null,
            error: result.error ? { code: result.error.code, retriable: result.error.retriable } : null,
            resultId: result.id,
          },
        },
      ];
      const next = await this.nextRequestStatus(manager, request);
      if (next && next !== request.status && canTransitionRequest(request.status, next)) {
        await manager
          .getRepository(ErasureRequestEntity)
          .update(
            { id: request.id },
            { status: next, completedAt: next === 'completed' ? now : null, updatedAt: now },
          );
        events.push({ type: `request.${next}`, actor: 'system', data: { from: request.status } });
      }
      await this.ledger.append(manager, requestStream(request.id), events, now);
    });
  }

  // Retries with backoff arrive with the retry scheduler; until then a failed task needs an operator.
  private async nextRequestStatus(
    manager: EntityManager,
    request: ErasureRequestEntity,
  ): Promise<RequestStatus | undefined> {
    const tasks = await manager.getRepository(ErasureTaskEntity).find({
      where: { requestId: request.id },
      select: { status: true },
    });
    const statuses = tasks.map((task) => task.status);
    if (allTasksDone(statuses)) return 'completed';
    if (statuses.includes('failed')) return 'needs_attention';
    return undefined;
  }
}
