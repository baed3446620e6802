import { DomainException } from '../common/domain.exception';

export enum DeletionReceiptErrorCode {
  RequestNotFound = 'RECEIPT_REQUEST_NOT_FOUND',
  /** The request is still open: a receipt would state an outcome that can still change. */
  RequestNotFinished = 'REQUEST_NOT_FINISHED',
  /** The request's audit chain does not verify: the coordinator will not sign over a tampered ledger. */
  AuditChainBroken = 'AUDIT_CHAIN_BROKEN',
}

/** Domain error of the receipts feature; mapped to HTTP once, in DeletionReceiptExceptionFilter. */
export class DeletionReceiptException extends DomainException<DeletionReceiptErrorCode> {}
