import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { HeldRequestEntity } from './held-request.entity';
import { HoldReleaseReason } from './hold-basis';
import { LegalHoldEntity } from './legal-hold.entity';

/**
 * The condition `findActiveMatching` reads: a hold `h` active at the time `now` on any of the keyed hashes
 * `hashes` (the GIN index's `&&`), both given as the placeholders of the statement it is part of.
 */
export const activeHoldMatching = (hashes: string, now: string): string =>
  `h.released_at IS NULL AND h.identity_hashes && ${hashes}::text[] AND (h.ends_at IS NULL OR h.ends_at > ${now})`;

/** Reads and writes holds and their held-back requests, inside the caller's transaction where one is given. */
@Injectable()
export class LegalHoldRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, hold: LegalHoldEntity): Promise<void> {
    await manager.getRepository(LegalHoldEntity).insert(hold);
  }

  /** Newest first; the list is an admin's view, bounded by `limit`. */
  list(limit: number, includeReleased: boolean): Promise<LegalHoldEntity[]> {
    const qb = this.dataSource
      .getRepository(LegalHoldEntity)
      .createQueryBuilder('h')
      .orderBy('h.placed_at', 'DESC')
      .addOrderBy('h.id', 'DESC')
      .limit(limit);
    if (!includeReleased) qb.where('h.released_at IS NULL');
    return qb.getMany();
  }

  /** Holds active at `now` on any of these keyed hashes (the GIN index's `&&`). */
  findActiveMatching(manager: EntityManager, hashes: string[], now: Date): Promise<LegalHoldEntity[]> {
    if (hashes.length === 0) return Promise.resolve([]);
    return manager
      .getRepository(LegalHoldEntity)
      .createQueryBuilder('h')
      .where(activeHoldMatching(':hashes', ':now'), { hashes, now })
      .getMany();
  }

  async linkHeldRequests(
    manager: EntityManager,
    links: { requestId: string; holdId: string }[],
    now: Date,
  ): Promise<void> {
    if (links.length === 0) return;
    await manager
      .getRepository(HeldRequestEntity)
      .insert(links.map((link) => ({ ...link, heldAt: now, followUpRequestId: null, followedUpAt: null })));
  }

  /**
   * Releases a hold if it is still unreleased (guarded, so two releases or the poller racing an operator release
   * it once) and returns it with the requests it held back that still wait for a follow-up, locked for the caller.
   */
  async release(
    manager: EntityManager,
    holdId: string,
    by: string,
    reason: HoldReleaseReason,
    now: Date,
  ): Promise<{ hold: LegalHoldEntity; waiting: HeldRequestEntity[] } | undefined> {
    const rows: { id: string }[][] = await manager.query(
      `UPDATE legal_holds SET released_at = $2, released_by = $3, release_reason = $4
        WHERE id = $1 AND released_at IS NULL RETURNING id`,
      [holdId, now, by, reason],
    );
    if (rows[0]?.length !== 1) return undefined;
    const hold = await manager.getRepository(LegalHoldEntity).findOneByOrFail({ id: holdId });
    return { hold, waiting: await this.waitingFor(manager, [holdId]) };
  }

  /** Held-back requests of these holds still without a follow-up, locked, oldest first. */
  waitingFor(manager: EntityManager, holdIds: string[]): Promise<HeldRequestEntity[]> {
    return manager
      .getRepository(HeldRequestEntity)
      .createQueryBuilder('l')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where('l.hold_id = ANY(:holdIds)', { holdIds })
      .andWhere('l.follow_up_request_id IS NULL')
      .orderBy('l.held_at')
      .addOrderBy('l.request_id')
      .getMany();
  }

  async recordFollowUps(
    manager: EntityManager,
    followUps: { requestId: string; followUpRequestId: string }[],
    now: Date,
  ): Promise<void> {
    for (const { requestId, followUpRequestId } of followUps) {
      await manager.query(
        `UPDATE legal_hold_requests SET follow_up_request_id = $2, followed_up_at = $3
          WHERE request_id = $1 AND follow_up_request_id IS NULL`,
        [requestId, followUpRequestId, now],
      );
    }
  }

  /** Ids of unreleased holds whose end date has passed. */
  async expired(now: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM legal_holds WHERE released_at IS NULL AND ends_at IS NOT NULL AND ends_at <= $1
        ORDER BY ends_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => row.id);
  }

  /** Released holds with requests still waiting (a release whose follow-ups failed is finished by the poller). */
  async releasedWithWaiting(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT h.id FROM legal_holds h JOIN legal_hold_requests l ON l.hold_id = h.id
        WHERE h.released_at IS NOT NULL AND l.follow_up_request_id IS NULL LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  heldRequest(requestId: string): Promise<HeldRequestEntity | null> {
    return this.dataSource.getRepository(HeldRequestEntity).findOneBy({ requestId });
  }

  findHold(id: string): Promise<LegalHoldEntity | null> {
    return this.dataSource.getRepository(LegalHoldEntity).findOneBy({ id });
  }
}
