import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { openPayload, sealPayload } from '../crypto/identity-vault';
import { KeyRing } from '../crypto/key-ring';
import { DeadlinePolicy, TargetKind } from './target-kinds';

export interface TargetEndpoint {
  name: string;
  kind: TargetKind;
  url: string;
  /** The webhook's HMAC secret, or the bearer token an OpenDSR processor asks of its controller. */
  secret: string | null;
  expectedCompletionMs: number;
  deadlinePolicy: DeadlinePolicy;
  processorCertificate: string | null;
  identityTypes: string[];
}

/** One dispatch of a task to a target, as the dispatcher claims it. */
export interface ClaimedDispatch {
  dispatchId: string;
  commandId: string;
  attempt: number;
  taskId: string;
  service: string;
  requestId: string;
  regulation: string;
  receivedAt: Date;
  dueAt: Date;
  sealedIdentities: Buffer | null;
  wrappedDataKey: Buffer | null;
}

/** A waiting dispatch: its status URL (to poll) and expected time (to hold it to). */
export interface WaitingDispatch {
  taskId: string;
  requestId: string;
  service: string;
  attempt: number;
  statusUrl: string | null;
  expectedAt: Date;
}

const ENDPOINT_COLUMNS = `e.name, e.kind, e.url, e.sealed_secret AS "sealedSecret", e.wrapped_secret_key AS "wrappedSecretKey",
  e.expected_completion_ms AS "expectedCompletionMs", e.deadline_policy AS "deadlinePolicy",
  e.processor_certificate AS "processorCertificate", s.identity_types AS "identityTypes"`;

/** The target tables (migration 1795000430000). Secrets are stored sealed under the data-key wrapping key. */
@Injectable()
export class TargetRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: KeyRing,
  ) {}

  async upsertEndpoint(manager: EntityManager, endpoint: Omit<TargetEndpoint, 'identityTypes'>, now: Date) {
    const sealed = endpoint.secret
      ? sealPayload(this.keys.dataKeyWrappingKey, { secret: endpoint.secret })
      : null;
    await manager.query(
      `INSERT INTO target_endpoints (name, kind, url, sealed_secret, wrapped_secret_key, expected_completion_ms,
                                     deadline_policy, processor_certificate, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       ON CONFLICT (name) DO UPDATE SET kind = $2, url = $3, sealed_secret = $4, wrapped_secret_key = $5,
         expected_completion_ms = $6, deadline_policy = $7, processor_certificate = $8, updated_at = $9`,
      [
        endpoint.name,
        endpoint.kind,
        endpoint.url,
        sealed?.ciphertext ?? null,
        sealed?.wrappedDataKey ?? null,
        endpoint.expectedCompletionMs,
        endpoint.deadlinePolicy,
        endpoint.processorCertificate,
        now,
      ],
    );
  }

  /** The endpoint of an active target of this name (the registration must still say webhook or opendsr). */
  async findEndpoint(
    name: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TargetEndpoint | null> {
    const [row] = await manager.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM target_endpoints e
         JOIN registered_services s ON s.name = e.name AND s.registration = e.kind AND s.state = 'active'
        WHERE e.name = $1`,
      [name],
    );
    return row ? this.toEndpoint(row) : null;
  }

  async listEndpoints(): Promise<TargetEndpoint[]> {
    const rows = await this.dataSource.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM target_endpoints e
         JOIN registered_services s ON s.name = e.name AND s.registration = e.kind ORDER BY e.name`,
    );
    return rows.map((row: Record<string, unknown>) => this.toEndpoint(row));
  }

  /** Claims unsent dispatches; several replicas claim side by side (SKIP LOCKED). */
  claimUnsent(manager: EntityManager, limit: number): Promise<ClaimedDispatch[]> {
    return manager.query(
      `SELECT d.id AS "dispatchId", d.command_id AS "commandId", d.attempt, d.task_id AS "taskId", t.service,
              r.id AS "requestId", r.regulation, r.submitted_at AS "receivedAt", r.due_at AS "dueAt",
              r.sealed_identities AS "sealedIdentities", r.wrapped_data_key AS "wrappedDataKey"
         FROM target_dispatches d
         JOIN erasure_tasks t ON t.id = d.task_id
         JOIN erasure_requests r ON r.id = t.request_id
        WHERE d.sent_at IS NULL
        ORDER BY d.id
        LIMIT $1
          FOR UPDATE OF d SKIP LOCKED`,
      [limit],
    );
  }

  async markSent(manager: EntityManager, dispatchIds: string[], now: Date): Promise<void> {
    await manager.query(`UPDATE target_dispatches SET sent_at = $2 WHERE id = ANY($1)`, [dispatchIds, now]);
  }

  async recordWait(
    manager: EntityManager,
    wait: {
      taskId: string;
      attempt: number;
      expectedAt: Date;
      statusUrl: string | null;
      nextPollAt: Date | null;
    },
  ): Promise<void> {
    await manager.query(
      `UPDATE target_dispatches SET expected_at = $3, status_url = COALESCE($4, status_url), next_poll_at = $5
        WHERE task_id = $1 AND attempt = $2`,
      [wait.taskId, wait.attempt, wait.expectedAt, wait.statusUrl, wait.nextPollAt],
    );
  }

  async settle(taskId: string, attempt: number, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE target_dispatches SET settled_at = $3 WHERE task_id = $1 AND attempt = $2 AND settled_at IS NULL`,
      [taskId, attempt, now],
    );
  }

  /** Claims the waits whose status URL is due a poll, moving their next poll on first, so replicas share them. */
  claimDuePolls(now: Date, nextPollAt: Date, limit: number): Promise<WaitingDispatch[]> {
    return this.dataSource.query(
      `WITH due AS (
         SELECT d.id FROM target_dispatches d JOIN erasure_tasks t ON t.id = d.task_id AND t.attempts = d.attempt
          WHERE t.status = 'waiting' AND d.settled_at IS NULL AND d.status_url IS NOT NULL AND d.next_poll_at <= $1
          ORDER BY d.next_poll_at LIMIT $3 FOR UPDATE OF d SKIP LOCKED),
       moved AS (UPDATE target_dispatches d SET next_poll_at = $2 FROM due WHERE d.id = due.id
          RETURNING d.task_id, d.attempt, d.status_url, d.expected_at)
       SELECT m.task_id AS "taskId", t.request_id AS "requestId", t.service, m.attempt,
              m.status_url AS "statusUrl", m.expected_at AS "expectedAt"
         FROM moved m JOIN erasure_tasks t ON t.id = m.task_id`,
      [now, nextPollAt, limit],
    );
  }

  /** Waiting tasks past their expected time and the grace: their deadline policy applies. */
  overdueWaits(now: Date, graceMs: number, limit: number): Promise<WaitingDispatch[]> {
    return this.dataSource.query(
      `SELECT d.task_id AS "taskId", t.request_id AS "requestId", t.service, d.attempt,
              d.status_url AS "statusUrl", d.expected_at AS "expectedAt"
         FROM target_dispatches d JOIN erasure_tasks t ON t.id = d.task_id AND t.attempts = d.attempt
        WHERE t.status = 'waiting' AND d.settled_at IS NULL AND d.expected_at IS NOT NULL
          AND d.expected_at + ($2 || ' milliseconds')::interval <= $1
        ORDER BY d.expected_at LIMIT $3`,
      [now, String(graceMs), limit],
    );
  }

  /** The task a callback of this target reports on, if it is one of the target's. */
  async taskOf(service: string, taskId: string): Promise<{ requestId: string; attempts: number } | null> {
    const [row] = await this.dataSource.query(
      `SELECT request_id AS "requestId", attempts FROM erasure_tasks WHERE id = $1 AND service = $2`,
      [taskId, service],
    );
    return row ?? null;
  }

  /** Records a callback id; false when it was seen before (a replay). */
  async markSeen(target: string, callbackId: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO target_callbacks_seen (target, callback_id, received_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING callback_id`,
      [target, callbackId, now],
    );
    return rows.length > 0;
  }

  private toEndpoint(row: Record<string, unknown>): TargetEndpoint {
    const sealed = row.sealedSecret as Buffer | null;
    const secret = sealed
      ? openPayload<{ secret: string }>(this.keys.dataKeyWrappingKey, {
          ciphertext: sealed,
          wrappedDataKey: row.wrappedSecretKey as Buffer,
        }).secret
      : null;
    return {
      name: row.name as string,
      kind: row.kind as TargetKind,
      url: row.url as string,
      secret,
      expectedCompletionMs: row.expectedCompletionMs as number,
      deadlinePolicy: row.deadlinePolicy as DeadlinePolicy,
      processorCertificate: row.processorCertificate as string | null,
      identityTypes: row.identityTypes as string[],
    };
  }
}
