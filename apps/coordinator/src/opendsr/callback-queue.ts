import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { RequestStatus } from '../requests/request-lifecycle';
import { isOpenDsrStatus, openDsrStatusOf, statusesToAnnounce } from './opendsr-status';
import { OpenDsrStatus } from './opendsr-protocol';

export interface DueCallback {
  id: string;
  subjectRequestId: string;
  requestId: string;
  controllerId: string;
  url: string;
  requestStatus: OpenDsrStatus;
  expectedCompletionAt: Date;
  attempts: number;
}

interface UnsettledLink {
  subjectRequestId: string;
  announced: string | null;
  callbackUrls: string[];
  status: RequestStatus;
  dueAt: Date;
  acted: boolean;
}

const ANNOUNCE_BATCH = 200;

/**
 * The durable queue of status callbacks in PostgreSQL. Status changes are found by looking at the requests
 * themselves (no hook into the pipeline): each link remembers the last status it queued, and whatever differs is
 * queued for every callback URL. Rows are claimed with FOR UPDATE SKIP LOCKED, so replicas share the work.
 */
@Injectable()
export class CallbackQueue {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
  ) {}

  /** Queues the callbacks of every status change since the last look; returns how many were queued. */
  async announceChanges(now: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const links: UnsettledLink[] = await manager.query(
        `SELECT l.subject_request_id AS "subjectRequestId", l.announced_status AS "announced",
                l.callback_urls AS "callbackUrls", r.status, r.due_at AS "dueAt",
                EXISTS (SELECT 1 FROM erasure_tasks t
                         WHERE t.request_id = r.id AND t.status NOT IN ('pending', 'dispatched')) AS acted
           FROM opendsr_requests l JOIN erasure_requests r ON r.id = l.request_id
          WHERE l.announced_status IS NULL OR l.announced_status IN ('pending', 'in_progress')
          ORDER BY l.checked_at
          LIMIT $1
            FOR UPDATE OF l SKIP LOCKED`,
        [ANNOUNCE_BATCH],
      );
      let queued = 0;
      for (const link of links) {
        const announced = isOpenDsrStatus(link.announced) ? link.announced : null;
        const current = openDsrStatusOf(link.status, link.acted);
        const steps = statusesToAnnounce(announced, current);
        for (const status of steps) {
          for (const url of link.callbackUrls) {
            await manager.query(
              `INSERT INTO opendsr_callbacks
                 (subject_request_id, url, request_status, expected_completion_at, next_attempt_at, created_at)
               VALUES ($1, $2, $3, $4, $5, $5)`,
              [link.subjectRequestId, url, status, link.dueAt, now],
            );
            queued += 1;
          }
        }
        await manager.query(
          `UPDATE opendsr_requests SET checked_at = $2, announced_status = COALESCE($3, announced_status)
            WHERE subject_request_id = $1`,
          [link.subjectRequestId, now, steps.length > 0 ? steps[steps.length - 1] : null],
        );
      }
      return queued;
    });
  }

  /**
   * Claims due callbacks, the oldest undelivered one per request and URL only, so a controller hears a request's
   * statuses in order even across retries. The claim is a lease: a replica that dies mid-delivery leaves the row
   * to be claimed again once the lease runs out.
   */
  async claimDue(now: Date, leaseMs: number, limit: number): Promise<DueCallback[]> {
    const [rows] = (await this.dataSource.query(
      `WITH due AS (
         SELECT c.id FROM opendsr_callbacks c
          WHERE c.delivered_at IS NULL AND c.given_up_at IS NULL AND c.next_attempt_at <= $1
            AND NOT EXISTS (SELECT 1 FROM opendsr_callbacks e
                             WHERE e.subject_request_id = c.subject_request_id AND e.url = c.url AND e.id < c.id
                               AND e.delivered_at IS NULL AND e.given_up_at IS NULL)
          ORDER BY c.id
          LIMIT $3
            FOR UPDATE SKIP LOCKED)
       UPDATE opendsr_callbacks c SET attempts = c.attempts + 1, next_attempt_at = $2
         FROM due, opendsr_requests l
        WHERE c.id = due.id AND l.subject_request_id = c.subject_request_id
       RETURNING c.id::text AS id, c.subject_request_id AS "subjectRequestId", l.request_id AS "requestId",
                 l.controller_id AS "controllerId", c.url, c.request_status AS "requestStatus",
                 c.expected_completion_at AS "expectedCompletionAt", c.attempts`,
      [now, new Date(now.getTime() + leaseMs), limit],
    )) as [DueCallback[], number];
    return rows.sort((a, b) => Number(a.id) - Number(b.id));
  }

  async markDelivered(callback: DueCallback, httpStatus: number, now: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE opendsr_callbacks SET delivered_at = $2, last_error = NULL WHERE id = $1`, [
        callback.id,
        now,
      ]);
      await this.ledger.append(
        manager,
        requestStream(callback.requestId),
        [{ type: 'opendsr.callback_delivered', actor: 'system', data: { ...auditOf(callback), httpStatus } }],
        now,
      );
    });
  }

  /** Records a failed attempt; `retryAt` null means the attempt budget is spent and the callback is given up. */
  async markFailed(callback: DueCallback, error: string, retryAt: Date | null, now: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE opendsr_callbacks
            SET last_error = $2, next_attempt_at = COALESCE($3, next_attempt_at),
                given_up_at = CASE WHEN $3::timestamptz IS NULL THEN $4::timestamptz END
          WHERE id = $1`,
        [callback.id, error.slice(0, 300), retryAt, now],
      );
      await this.ledger.append(
        manager,
        requestStream(callback.requestId),
        [
          {
            type: 'opendsr.callback_failed',
            actor: 'system',
            data: {
              ...auditOf(callback),
              error: error.slice(0, 200),
              nextAttemptAt: retryAt ? retryAt.toISOString() : null,
              givenUp: retryAt === null,
            },
          },
        ],
        now,
      );
    });
  }
}

/** The callback as the ledger records it: the receiving host, not the URL, whose path or query may hold tokens. */
function auditOf(callback: DueCallback): Record<string, string | number> {
  return {
    subjectRequestId: callback.subjectRequestId,
    callbackHost: new URL(callback.url).host,
    requestStatus: callback.requestStatus,
    attempt: callback.attempts,
  };
}
