import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  DELIVERY_STATUS_SQL,
  EscalationDelivery,
  EscalationDeliveryStatus,
  EscalationKind,
} from './escalation-delivery';

const COLUMNS = `d.id::text AS id, d.request_id AS "requestId", d.kind, d.task_id AS "taskId", d.service,
  d.due_at AS "dueAt",
  d.escalated_at AS "escalatedAt", d.attempts, d.next_attempt_at AS "nextAttemptAt",
  d.delivered_at AS "deliveredAt", d.stopped_at AS "stoppedAt", d.stopped_by AS "stoppedBy",
  d.last_error AS "lastError", d.last_http_status AS "lastHttpStatus", ${DELIVERY_STATUS_SQL} AS status`;

/**
 * The escalation webhook's outbox in PostgreSQL. Rows are claimed with FOR UPDATE SKIP LOCKED under a lease, so
 * replicas share the work and a replica that dies mid-delivery leaves the row to be claimed again once the lease
 * runs out: delivery is at-least-once, and only an operator's stop ends it without a delivery.
 */
@Injectable()
export class EscalationDeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Queues one escalation, inside the transaction that records it in the ledger. The same one twice is a no-op. */
  async enqueue(
    manager: EntityManager,
    escalation: {
      requestId: string;
      kind: EscalationKind;
      dueAt: Date;
      task?: { id: string; service: string };
    },
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO escalation_deliveries
         (id, request_id, kind, due_at, escalated_at, next_attempt_at, task_id, service)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7)
       ON CONFLICT ON CONSTRAINT ux_escalation_deliveries_escalation DO NOTHING`,
      [
        randomUUID(),
        escalation.requestId,
        escalation.kind,
        escalation.dueAt,
        now,
        escalation.task?.id ?? null,
        escalation.task?.service ?? null,
      ],
    );
  }

  /** Claims up to `limit` due deliveries and moves their next attempt past the lease. */
  async claimDue(now: Date, leaseMs: number, limit: number): Promise<EscalationDelivery[]> {
    const [rows] = (await this.dataSource.query(
      `WITH due AS (
         SELECT id FROM escalation_deliveries
          WHERE delivered_at IS NULL AND stopped_at IS NULL AND next_attempt_at <= $1
          ORDER BY next_attempt_at
          LIMIT $3
            FOR UPDATE SKIP LOCKED)
       UPDATE escalation_deliveries d SET attempts = d.attempts + 1, next_attempt_at = $2
         FROM due WHERE d.id = due.id
       RETURNING ${COLUMNS}`,
      [now, new Date(now.getTime() + leaseMs), limit],
    )) as [EscalationDelivery[], number];
    return rows;
  }

  /** Marks delivered; false when it already was (another replica's lease ran out and both delivered). */
  async markDelivered(manager: EntityManager, id: string, httpStatus: number, now: Date): Promise<boolean> {
    const [, updated] = (await manager.query(
      `UPDATE escalation_deliveries
          SET delivered_at = $2, last_http_status = $3, last_error = NULL
        WHERE id = $1 AND delivered_at IS NULL`,
      [id, now, httpStatus],
    )) as [unknown, number];
    return updated > 0;
  }

  async markFailed(id: string, error: string, httpStatus: number | null, retryAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE escalation_deliveries SET last_error = $2, last_http_status = $3, next_attempt_at = $4
        WHERE id = $1 AND delivered_at IS NULL`,
      [id, error.slice(0, 300), httpStatus, retryAt],
    );
  }

  /** Locks one delivery for an operator's action. */
  async lock(manager: EntityManager, id: string): Promise<EscalationDelivery | undefined> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM escalation_deliveries d WHERE d.id = $1 FOR UPDATE`,
      [id],
    )) as EscalationDelivery[];
    return rows[0];
  }

  async stop(manager: EntityManager, id: string, actor: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE escalation_deliveries SET stopped_at = $2, stopped_by = $3 WHERE id = $1 AND delivered_at IS NULL`,
      [id, now, actor.slice(0, 100)],
    );
  }

  /** Due again now; a stopped delivery is resumed. */
  async retryNow(manager: EntityManager, id: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE escalation_deliveries SET stopped_at = NULL, stopped_by = NULL, next_attempt_at = $2
        WHERE id = $1 AND delivered_at IS NULL`,
      [id, now],
    );
  }

  async find(id: string): Promise<EscalationDelivery | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM escalation_deliveries d WHERE d.id = $1`,
      [id],
    )) as EscalationDelivery[];
    return rows[0];
  }

  /** Newest first; by derived status when one is given. */
  async list(status: EscalationDeliveryStatus | undefined, limit: number): Promise<EscalationDelivery[]> {
    return (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM escalation_deliveries d
        WHERE $1::text IS NULL OR ${DELIVERY_STATUS_SQL} = $1
        ORDER BY d.escalated_at DESC, d.id LIMIT $2`,
      [status ?? null, limit],
    )) as EscalationDelivery[];
  }

  /** How many deliveries are owed (pending, failing) or given up by an operator (stopped). */
  async countOpen(): Promise<Record<'pending' | 'failing' | 'stopped', number>> {
    const rows = (await this.dataSource.query(
      `SELECT ${DELIVERY_STATUS_SQL} AS status, count(*)::int AS total
         FROM escalation_deliveries d WHERE d.delivered_at IS NULL GROUP BY 1`,
    )) as { status: 'pending' | 'failing' | 'stopped'; total: number }[];
    const counts = { pending: 0, failing: 0, stopped: 0 };
    for (const row of rows) counts[row.status] = row.total;
    return counts;
  }
}
