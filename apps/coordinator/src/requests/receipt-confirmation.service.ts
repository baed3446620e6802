import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { checkReceiptConfirmation } from '../deadlines/receipt-confirmation-policy';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { ErasureRequestErrorCode, ErasureRequestException } from './erasure-request.exception';

/**
 * Records that receipt of a CCPA request was confirmed to the consumer (regulations §7021(a)). Allowed in any
 * status, since a confirmation sent before a request finished may be recorded after; recorded once, with its actor.
 */
@Injectable()
export class ReceiptConfirmationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly requests: ErasureRequestRepository,
    private readonly clock: Clock,
  ) {}

  async confirm(id: string, actor: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const request = await this.requests.lock(manager, id);
      if (!request) {
        throw new ErasureRequestException(
          ErasureRequestErrorCode.NotFound,
          `erasure request ${id} does not exist`,
        );
      }
      const now = this.clock.now();
      const verdict = checkReceiptConfirmation({ ...request, now });
      if (!verdict.allowed) {
        throw new ErasureRequestException(
          verdict.refusal === 'already_confirmed'
            ? ErasureRequestErrorCode.ReceiptAlreadyConfirmed
            : ErasureRequestErrorCode.ReceiptConfirmationNotRequired,
          verdict.reason,
        );
      }
      await this.requests.updateDeadline(manager, id, { receiptConfirmedAt: now, updatedAt: now });
      await this.ledger.append(
        manager,
        requestStream(id),
        [
          {
            type: 'request.receipt_confirmed',
            actor,
            data: {
              receiptConfirmationDueAt: request.receiptConfirmationDueAt?.toISOString() ?? null,
              late: verdict.late,
            },
          },
        ],
        now,
      );
    });
  }
}
