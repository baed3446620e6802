/** Error codes the SDK itself puts on a failed result; handlers may use their own codes too. */
export enum ErasureHandlerErrorCode {
  /** A handler threw something that was not an `ErasureHandlerError`. */
  HandlerFailed = 'HANDLER_FAILED',
  /** A handler returned something other than `deleted(n)`, `notFound()` or `retained(basis)`. */
  InvalidOutcome = 'INVALID_OUTCOME',
  /** A handler did not settle within `handlerTimeoutMs`; retriable, and not retried locally. */
  HandlerTimeout = 'HANDLER_TIMEOUT',
  /** More than one handler failed; the message names each. */
  MultipleHandlersFailed = 'MULTIPLE_HANDLERS_FAILED',
}

export interface ErasureHandlerErrorOptions {
  /**
   * Machine-readable reason, reported to the coordinator (at most 100 characters).
   * @defaultValue `ErasureHandlerErrorCode.HandlerFailed`
   */
  code?: ErasureHandlerErrorCode | string;
  /**
   * Whether trying again later can help. Retriable errors are retried locally, then by the coordinator with
   * backoff; permanent ones put the request in front of an operator.
   * @defaultValue true
   */
  retriable?: boolean;
  cause?: unknown;
}

/**
 * Throw from a handler to control how a failure is reported. Any other thrown error counts as retriable with code
 * `HANDLER_FAILED`.
 *
 * @example
 * throw new ErasureHandlerError('subject is under legal hold', { code: 'LEGAL_HOLD', retriable: false });
 */
export class ErasureHandlerError extends Error {
  readonly code: ErasureHandlerErrorCode | string;
  readonly retriable: boolean;

  constructor(message: string, options: ErasureHandlerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ErasureHandlerError';
    this.code = options.code ?? ErasureHandlerErrorCode.HandlerFailed;
    this.retriable = options.retriable ?? true;
  }
}

/**
 * Marks a failure as permanent, so it is neither retried locally nor re-dispatched automatically.
 *
 * @example
 * catch (err) { if (isConstraintViolation(err)) throw permanent(err, 'FK_VIOLATION'); throw err; }
 */
export function permanent(error: unknown, code?: ErasureHandlerErrorCode | string): ErasureHandlerError {
  const inheritedCode = error instanceof ErasureHandlerError ? error.code : undefined;
  return new ErasureHandlerError(messageOf(error), {
    code: code ?? inheritedCode ?? ErasureHandlerErrorCode.HandlerFailed,
    retriable: false,
    cause: error,
  });
}

/** The message of anything a handler might throw, including strings and plain objects. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
