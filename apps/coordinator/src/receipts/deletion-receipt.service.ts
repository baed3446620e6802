import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeletionReceipt, signDeletionReceipt } from '@lethe/deletion-sdk/protocol';
import { Clock } from '../common/clock';
import { KeyRing } from '../crypto/key-ring';
import { LegalHoldRepository } from '../holds/legal-hold.repository';
import { verifyChain } from '../ledger/audit-chain';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { ErasureRequestEntity } from '../tasks/erasure-request.entity';
import { ErasureTaskRepository } from '../tasks/erasure-task.repository';
import { DeletionReceiptErrorCode, DeletionReceiptException } from './deletion-receipt.exception';
import { buildReceiptDocument, isReceiptable, ReceiptHoldFacts } from './receipt-document';

/**
 * Issues signed deletion receipts. A receipt is computed afresh from the ledger each time (nothing is stored):
 * the request is finished, so its outcome is fixed, and the chain head names the ledger state it was read at.
 */
@Injectable()
export class DeletionReceiptService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: ErasureTaskRepository,
    private readonly holds: LegalHoldRepository,
    private readonly ledger: LedgerRepository,
    private readonly keys: KeyRing,
    private readonly clock: Clock,
  ) {}

  async issue(requestId: string): Promise<DeletionReceipt> {
    // request and tasks from one snapshot, so the outcomes listed are those of the status stated
    const { request, tasks } = await this.dataSource.transaction('REPEATABLE READ', async (manager) => ({
      request: await manager.getRepository(ErasureRequestEntity).findOneBy({ id: requestId }),
      tasks: await this.tasks.findOfRequest(manager, requestId),
    }));
    if (!request) {
      throw new DeletionReceiptException(
        DeletionReceiptErrorCode.RequestNotFound,
        `erasure request ${requestId} does not exist`,
      );
    }
    if (!isReceiptable(request.status)) {
      throw new DeletionReceiptException(
        DeletionReceiptErrorCode.RequestNotFinished,
        `erasure request ${requestId} is ${request.status}: a receipt is issued once it is completed or cancelled`,
      );
    }
    const { events, head } = await this.ledger.readStream(requestStream(requestId));
    const verdict = verifyChain(events, head);
    if (!verdict.valid || !head) {
      throw new DeletionReceiptException(
        DeletionReceiptErrorCode.AuditChainBroken,
        `the audit chain of erasure request ${requestId} does not verify; no receipt is signed over it`,
      );
    }
    const document = buildReceiptDocument({
      request,
      tasks,
      held: await this.heldFacts(requestId),
      chainHead: { stream: requestStream(requestId), seq: head.seq, hash: head.hash },
      issuedAt: this.clock.now(),
      keyId: this.keys.receiptKey.id,
    });
    return signDeletionReceipt(document, this.keys.receiptKey);
  }

  private async heldFacts(requestId: string): Promise<ReceiptHoldFacts | null> {
    const link = await this.holds.heldRequest(requestId);
    const hold = link && (await this.holds.findHold(link.holdId));
    if (!link || !hold) return null;
    return { hold, heldAt: link.heldAt, followUpRequestId: link.followUpRequestId };
  }
}
