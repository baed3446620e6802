import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { VerificationResult } from '@lethe/deletion-sdk/protocol';
import { DataSource, EntityManager } from 'typeorm';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import {
  VERIFIABLE_REGISTRATION,
  VERIFIABLE_TASK_STATUSES,
  VerificationStatus,
  verificationCutoff,
} from './verification-policy';

export const VERIFICATION_SCHEDULED_EVENT = 'request.verification_scheduled';
export const RESURRECTED_DATA_FOUND_EVENT = 'request.resurrected_data_found';
export const VERIFIED_EVENT = 'request.verified';

/** A verification row claimed for publishing, with what its command needs. */
export interface ClaimedVerification {
  id: string;
  requestId: string;
  taskId: string | null;
  service: string;
  sealedIdentities: Buffer | null;
  wrappedDataKey: Buffer | null;
}

export interface StoredVerification {
  id: string;
  service: string;
  status: VerificationStatus;
  errorCode: string | null;
  sentAt: Date | null;
  answeredAt: Date | null;
}

export interface StoredFinding {
  id: string;
  service: string;
  store: string;
  records: number;
  foundAt: Date;
  followUpRequestId: string | null;
}

const TASK_STATUSES_SQL = `(${VERIFIABLE_TASK_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/** The verification pass's tables: who is asked, what they answered, what they found. */
@Injectable()
export class VerificationRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: ErasureRequestRepository,
    private readonly ledger: LedgerRepository,
  ) {}

  /**
   * Claims up to `limit` completed requests whose verification is due and creates one verification per service
   * whose task reported the data gone. SKIP LOCKED lets replicas share the work; a scheduled request leaves the
   * "due" predicate. Returns how many requests it scheduled.
   */
  async scheduleDue(now: Date, verifyAfterMs: number, limit: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string }[] = await manager.query(
        `SELECT id FROM erasure_requests
          WHERE status = 'completed' AND verification_scheduled_at IS NULL AND dry_run = false
            AND completed_at <= $1 AND sealed_identities IS NOT NULL
          ORDER BY completed_at, id
          LIMIT $2
            FOR UPDATE SKIP LOCKED`,
        [verificationCutoff(now, verifyAfterMs), limit],
      );
      if (rows.length === 0) return 0;
      const ids = rows.map((row) => row.id).sort();
      const created: { request_id: string; service: string }[] = await manager.query(
        `INSERT INTO erasure_verifications (id, request_id, task_id, service, status, created_at)
         SELECT gen_random_uuid(), t.request_id, t.id, t.service, 'pending', $2
           FROM erasure_tasks t
           LEFT JOIN registered_services s ON s.name = t.service
          WHERE t.request_id = ANY($1) AND t.status IN ${TASK_STATUSES_SQL}
            AND COALESCE(s.registration, '${VERIFIABLE_REGISTRATION}') = '${VERIFIABLE_REGISTRATION}'
         ON CONFLICT DO NOTHING
         RETURNING request_id, service`,
        [ids, now],
      );
      await manager.query(`UPDATE erasure_requests SET verification_scheduled_at = $2 WHERE id = ANY($1)`, [
        ids,
        now,
      ]);
      await this.ledger.appendToStreams(
        manager,
        ids.map((id) => ({
          stream: requestStream(id),
          events: [
            {
              type: VERIFICATION_SCHEDULED_EVENT,
              actor: 'system',
              data: {
                services: created
                  .filter((row) => row.request_id === id)
                  .map((row) => row.service)
                  .sort(),
                verifyAfterMs,
              },
            },
          ],
        })),
        now,
      );
      return ids.length;
    });
  }

  /** Unsent verifications, locked for the caller's transaction (the relay's outbox semantics). */
  async claimUnsent(manager: EntityManager, limit: number): Promise<ClaimedVerification[]> {
    return manager.query(
      `SELECT v.id, v.request_id AS "requestId", v.task_id AS "taskId", v.service,
              r.sealed_identities AS "sealedIdentities", r.wrapped_data_key AS "wrappedDataKey"
         FROM erasure_verifications v
         JOIN erasure_requests r ON r.id = v.request_id
        WHERE v.sent_at IS NULL
        ORDER BY v.created_at, v.id
        LIMIT $1
          FOR UPDATE OF v SKIP LOCKED`,
      [limit],
    );
  }

  async markSent(manager: EntityManager, ids: string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE erasure_verifications SET sent_at = $2, status = 'sent' WHERE id = ANY($1) AND status = 'pending'`,
      [ids, now],
    );
  }

  /** A verification that can never be sent (the identities were shredded first): failed, with the reason. */
  async markUnsendable(manager: EntityManager, ids: string[], code: string, now: Date): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE erasure_verifications SET sent_at = $2, answered_at = $2, status = 'failed', error_code = $3
        WHERE id = ANY($1)`,
      [ids, now, code],
    );
  }

  /**
   * Records one service's verdict, once: a duplicate, a late answer to an answered verification or an answer from
   * another service changes nothing (false). A `present` verdict becomes findings and the ledger event
   * `request.resurrected_data_found` — stores and counts, never an identity.
   */
  async recordVerdict(result: VerificationResult, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [row]: { status: VerificationStatus }[] = await manager.query(
        `SELECT status FROM erasure_verifications WHERE id = $1 AND request_id = $2 AND service = $3`,
        [result.id, result.requestId, result.service],
      );
      if (!row) return false;
      // lock order request → verification → audit stream, as every writer to a request's stream
      await this.requests.lockMany(manager, [result.requestId]);
      const updated: unknown[] = await manager.query(
        `UPDATE erasure_verifications SET status = $2, answered_at = $3, error_code = $4
          WHERE id = $1 AND status IN ('pending', 'sent') RETURNING id`,
        [result.id, result.verdict, now, result.error?.code ?? null],
      );
      if (updated.length === 0) return false;
      const findings = result.findings ?? [];
      for (const finding of findings) {
        await manager.query(
          `INSERT INTO verification_findings (id, verification_id, request_id, service, store, records, found_at)
           VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6)`,
          [result.id, result.requestId, result.service, finding.store, finding.records, now],
        );
      }
      const event =
        result.verdict === 'present'
          ? {
              type: RESURRECTED_DATA_FOUND_EVENT,
              actor: `service:${result.service}`,
              data: { service: result.service, verificationId: result.id, findings },
            }
          : {
              type: VERIFIED_EVENT,
              actor: `service:${result.service}`,
              data: {
                service: result.service,
                verificationId: result.id,
                verdict: result.verdict,
                ...(result.error ? { code: result.error.code } : {}),
              },
            };
      await this.ledger.append(manager, requestStream(result.requestId), [event], now);
      return true;
    });
  }

  async verificationsOf(requestId: string): Promise<StoredVerification[]> {
    return this.dataSource.query(
      `SELECT id, service, status, error_code AS "errorCode", sent_at AS "sentAt", answered_at AS "answeredAt"
         FROM erasure_verifications WHERE request_id = $1 ORDER BY service`,
      [requestId],
    );
  }

  async findingsOf(
    requestId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredFinding[]> {
    return manager.query(
      `SELECT id, service, store, records, found_at AS "foundAt", follow_up_request_id AS "followUpRequestId"
         FROM verification_findings WHERE request_id = $1 ORDER BY found_at, service, store`,
      [requestId],
    );
  }

  /** Links every open finding of a request to the re-erasure opened for it; returns how many it linked. */
  async linkFollowUp(manager: EntityManager, requestId: string, followUpId: string): Promise<number> {
    const linked: unknown[] = await manager.query(
      `UPDATE verification_findings SET follow_up_request_id = $2
        WHERE request_id = $1 AND follow_up_request_id IS NULL RETURNING id`,
      [requestId, followUpId],
    );
    return linked.length;
  }
}
