export enum LedgerErrorCode {
  RequestNotFound = 'AUDIT_REQUEST_NOT_FOUND',
}

/** Domain error of the ledger feature; mapped to HTTP once, in LedgerExceptionFilter. */
export class LedgerException extends Error {
  override name = 'LedgerException';

  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    readonly retriable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
