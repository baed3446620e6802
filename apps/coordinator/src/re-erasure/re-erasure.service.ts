import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { ErasureRequestErrorCode, ErasureRequestException } from '../requests/erasure-request.exception';
import { ErasureRequestService } from '../requests/erasure-request.service';
import { VerificationRepository } from '../verification/verification.repository';

export const RE_ERASURE_OPENED_EVENT = 'request.re_erasure_opened';

/**
 * One action for resurrected data: opens a follow-up erasure of the request's subject through the intake (the
 * same path as a hold's release), links every open finding to it, and says so in the original's audit stream.
 */
@Injectable()
export class ReErasureService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly intake: ErasureRequestService,
    private readonly verifications: VerificationRepository,
    private readonly ledger: LedgerRepository,
    private readonly clock: Clock,
  ) {}

  /** Returns the follow-up request's id. */
  async reErase(requestId: string, actor: string): Promise<string> {
    await this.intake.get(requestId); // 404 for an unknown request
    const followUp = await this.dataSource.transaction(async (manager) => {
      // the original's row lock (taken by openFollowUps) serialises two operators pressing the button at once
      const [opened] = await this.intake.openFollowUps(manager, [requestId], actor);
      const open = await manager.query(
        `SELECT id FROM verification_findings WHERE request_id = $1 AND follow_up_request_id IS NULL FOR UPDATE`,
        [requestId],
      );
      if (open.length === 0) {
        throw new ErasureRequestException(
          ErasureRequestErrorCode.NoOpenFinding,
          `request ${requestId} has no open verification finding to re-erase`,
        );
      }
      const linked = await this.verifications.linkFollowUp(manager, requestId, opened.followUp.id);
      const now = this.clock.now();
      await this.ledger.append(
        manager,
        requestStream(requestId),
        [
          {
            type: RE_ERASURE_OPENED_EVENT,
            actor,
            data: { followUpId: opened.followUp.id, findings: linked },
          },
        ],
        now,
      );
      return opened.followUp;
    });
    await this.intake.afterCreated([followUp]);
    return followUp.id;
  }
}
