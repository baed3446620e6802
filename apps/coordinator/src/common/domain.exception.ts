/**
 * Base of each feature's exception (`ErasureRequestException` with `ErasureRequestErrorCode`, …): a string-enum
 * code the feature's filter maps to HTTP, and whether a retry can help. Domain code throws these, never
 * HttpException.
 */
export abstract class DomainException<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly retriable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
