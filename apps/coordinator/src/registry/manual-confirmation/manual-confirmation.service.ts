import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ProtocolError } from '@lethe/deletion-sdk/protocol';
import { parseErasureResult } from '@lethe/deletion-sdk/protocol';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { RequestStatus } from '../../requests/request-lifecycle';
import { ResultService } from '../../results/result.service';
import { TaskStatus } from '../../tasks/task-lifecycle';
import type { ServiceRegistration } from '../registered-service.entity';
import { RegistryErrorCode, RegistryException } from '../registry.exception';
import { ManualConfirmationResponse } from './dto/manual-confirmation.response';
import {
  confirmationProblems,
  ManualConfirmation,
  manualEvidence,
  manualResult,
  refuseConfirmation,
} from './manual-result';

interface TaskRow {
  requestId: string;
  requestStatus: RequestStatus;
  taskId: string | null;
  status: TaskStatus | null;
  attempts: number | null;
  recordsAffected: number | null;
  registration: ServiceRegistration | null;
}

@Injectable()
export class ManualConfirmationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly results: ResultService,
    private readonly clock: Clock,
  ) {}

  /** Records an operator's confirmation exactly as the service's own result would be recorded. */
  async confirm(
    requestId: string,
    service: string,
    confirmation: ManualConfirmation,
    actor: string,
  ): Promise<ManualConfirmationResponse> {
    const problems = confirmationProblems(confirmation);
    if (problems.length > 0) throw invalid(problems.join('; '));

    const before = await this.taskOf(requestId, service);
    const task = {
      id: before.taskId!,
      requestId,
      service,
      status: before.status!,
      attempts: before.attempts!,
    };
    const refusal = refuseConfirmation(task, before.registration);
    if (refusal) {
      throw new RegistryException(
        refusal.code,
        refusal.reason,
        refusal.code === RegistryErrorCode.TaskNotDispatched,
      );
    }

    const result = manualResult(confirmation, task, randomUUID(), this.clock.now());
    try {
      parseErasureResult(result);
    } catch (error) {
      if (error instanceof ProtocolError) throw invalid(error.message, error);
      throw error;
    }
    await this.results.apply(result, actor, manualEvidence(confirmation));

    const after = await this.taskOf(requestId, service);
    // apply() ignores a result its task no longer accepts: a service or another operator got there first
    if (after.status !== confirmation.outcome) {
      throw new RegistryException(
        RegistryErrorCode.TaskAlreadySettled,
        `the task of ${service} changed meanwhile and is now ${after.status}; the confirmation was not recorded`,
      );
    }
    return {
      requestId,
      service,
      status: after.status,
      recordsAffected: after.recordsAffected ?? confirmation.recordsAffected,
      requestStatus: after.requestStatus,
    };
  }

  private async taskOf(requestId: string, service: string): Promise<TaskRow> {
    const [row]: TaskRow[] = await this.dataSource.query(
      `SELECT r.id AS "requestId", r.status AS "requestStatus", t.id AS "taskId", t.status, t.attempts,
              t.records_affected AS "recordsAffected", s.registration
         FROM erasure_requests r
         LEFT JOIN erasure_tasks t ON t.request_id = r.id AND t.service = $2
         LEFT JOIN registered_services s ON s.name = $2
        WHERE r.id = $1`,
      [requestId, service],
    );
    if (!row) {
      throw new RegistryException(
        RegistryErrorCode.RequestNotFound,
        `erasure request ${requestId} does not exist`,
      );
    }
    if (row.taskId === null) {
      throw new RegistryException(
        RegistryErrorCode.TaskNotFound,
        `erasure request ${requestId} has no task for service ${service}`,
      );
    }
    return row;
  }
}

function invalid(reason: string, cause?: unknown): RegistryException {
  return new RegistryException(RegistryErrorCode.InvalidConfirmation, reason, false, { cause });
}
