import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ErasureRequestEntity } from '../tasks/erasure-request.entity';
import { verifyChain } from '../ledger/audit-chain';
import { toAuditEventResponse } from '../ledger/audit-event.mapper';
import { RequestAuditResponse } from './dto/request-audit.response';
import { LedgerErrorCode, LedgerException } from '../ledger/ledger.exception';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';

@Injectable()
export class RequestAuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
  ) {}

  /**
   * A request's audit trail, verified. Every request starts its stream in the transaction that creates it, so a
   * request with no trail at all is reported as a broken chain (the trail was deleted), not as an empty one; and
   * a trail outlives its request row, so it stays readable if the request is ever purged.
   */
  async trailOf(requestId: string): Promise<RequestAuditResponse> {
    const { events, head } = await this.ledger.readStream(requestStream(requestId));
    if (
      events.length === 0 &&
      !head &&
      !(await this.dataSource.getRepository(ErasureRequestEntity).existsBy({ id: requestId }))
    ) {
      throw new LedgerException(
        LedgerErrorCode.RequestNotFound,
        `erasure request ${requestId} does not exist`,
      );
    }
    const verdict = verifyChain(events, head);
    return {
      events: events.map(toAuditEventResponse),
      chainValid: verdict.valid,
      broken: verdict.valid ? null : { seq: verdict.brokenAtSeq ?? 1, reason: verdict.reason ?? 'invalid' },
    };
  }
}
