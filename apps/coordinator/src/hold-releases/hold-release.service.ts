import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { HeldRequestEntity } from '../holds/held-request.entity';
import { HoldReleaseReason } from '../holds/hold-basis';
import { LegalHoldEntity } from '../holds/legal-hold.entity';
import { LegalHoldErrorCode, LegalHoldException } from '../holds/legal-hold.exception';
import { toLegalHoldResponse } from '../holds/legal-hold.mapper';
import { LegalHoldRepository } from '../holds/legal-hold.repository';
import { LEGAL_HOLDS_STREAM } from '../holds/legal-hold.service';
import { ReleasedLegalHoldResponse } from '../holds/dto/legal-hold.response';
import { ErasureRequestService } from '../requests/erasure-request.service';
import { ErasureRequestEntity } from '../tasks/erasure-request.entity';

/**
 * Ends holds and opens the erasures they kept back. The release and every follow-up are one transaction: a hold
 * is never released with a held-back request forgotten, and a failed release stays an active hold.
 */
@Injectable()
export class HoldReleaseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly holds: LegalHoldRepository,
    private readonly intake: ErasureRequestService,
    private readonly ledger: LedgerRepository,
    private readonly clock: Clock,
  ) {}

  async release(
    holdId: string,
    actor: string,
    reason: HoldReleaseReason = 'released',
  ): Promise<ReleasedLegalHoldResponse> {
    const now = this.clock.now();
    const { hold, followUps } = await this.dataSource.transaction(async (manager) => {
      const released = await this.holds.release(manager, holdId, actor, reason, now);
      if (!released) {
        const existing = await this.holds.findHold(holdId);
        throw existing
          ? new LegalHoldException(
              LegalHoldErrorCode.AlreadyReleased,
              `legal hold ${holdId} was already released`,
            )
          : new LegalHoldException(LegalHoldErrorCode.NotFound, `legal hold ${holdId} does not exist`);
      }
      const opened = await this.openFollowUps(manager, released.hold, released.waiting, actor, now);
      await this.ledger.append(
        manager,
        LEGAL_HOLDS_STREAM,
        [
          {
            type: 'legal_hold.released',
            actor,
            data: {
              holdId,
              reason,
              followUps: opened.map(({ originalId, followUp }) => ({ originalId, followUpId: followUp.id })),
            },
          },
        ],
        now,
      );
      return { hold: released.hold, followUps: opened.map((item) => item.followUp) };
    });
    await this.intake.afterCreated(followUps);
    return {
      hold: toLegalHoldResponse(hold, now),
      followUpRequestIds: followUps.map((request) => request.id),
    };
  }

  /**
   * A request whose intake read a hold as active while the hold was being released links itself to a released
   * hold after the release committed; this opens the follow-ups of such stragglers. Returns how many it opened.
   */
  async followUpStragglers(holdId: string): Promise<number> {
    const now = this.clock.now();
    const followUps = await this.dataSource.transaction(async (manager) => {
      const hold = await manager.getRepository(LegalHoldEntity).findOneByOrFail({ id: holdId });
      const waiting = await this.holds.waitingFor(manager, [holdId]);
      const opened = await this.openFollowUps(manager, hold, waiting, 'system', now);
      if (opened.length > 0) {
        await this.ledger.append(
          manager,
          LEGAL_HOLDS_STREAM,
          [
            {
              type: 'legal_hold.follow_ups_opened',
              actor: 'system',
              data: {
                holdId,
                followUps: opened.map(({ originalId, followUp }) => ({
                  originalId,
                  followUpId: followUp.id,
                })),
              },
            },
          ],
          now,
        );
      }
      return opened.map((item) => item.followUp);
    });
    await this.intake.afterCreated(followUps);
    return followUps.length;
  }

  private async openFollowUps(
    manager: EntityManager,
    hold: LegalHoldEntity,
    waiting: HeldRequestEntity[],
    actor: string,
    now: Date,
  ): Promise<{ originalId: string; followUp: ErasureRequestEntity }[]> {
    if (waiting.length === 0) return [];
    const opened = await this.intake.openFollowUps(
      manager,
      waiting.map((link) => link.requestId),
      actor,
    );
    await this.holds.recordFollowUps(
      manager,
      opened.map(({ originalId, followUp }) => ({ requestId: originalId, followUpRequestId: followUp.id })),
      now,
    );
    await this.ledger.appendToStreams(
      manager,
      opened.map(({ originalId, followUp }) => ({
        stream: requestStream(originalId),
        events: [
          {
            type: 'request.follow_up_opened',
            actor,
            data: { holdId: hold.id, followUpId: followUp.id },
          },
        ],
      })),
      now,
    );
    return opened;
  }
}
