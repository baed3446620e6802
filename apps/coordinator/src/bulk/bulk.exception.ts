import { DomainException } from '../common/domain.exception';

export enum BulkErrorCode {
  /** The Content-Type is neither application/x-ndjson nor text/csv, or the body is compressed. */
  UnsupportedFormat = 'BULK_UNSUPPORTED_FORMAT',
  /** The CSV header row names something other than identity types and externalId. */
  InvalidHeader = 'BULK_INVALID_HEADER',
  /** More lines than LETHE_BULK_MAX_LINES; nothing of the upload is kept. */
  TooManyLines = 'BULK_TOO_MANY_LINES',
  /** The upload held no line at all. */
  EmptyUpload = 'BULK_EMPTY_UPLOAD',
  /** The connection broke before the whole upload arrived; nothing of it is kept. */
  UploadInterrupted = 'BULK_UPLOAD_INTERRUPTED',
  NoServicesRegistered = 'NO_SERVICES_REGISTERED',
  NotFound = 'BULK_JOB_NOT_FOUND',
  InvalidCursor = 'INVALID_CURSOR',
}

/** Domain error of bulk erasure; mapped to HTTP once, in BulkExceptionFilter. */
export class BulkException extends DomainException<BulkErrorCode> {}
