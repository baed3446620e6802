export enum DeletionClientErrorCode {
  /** Options failed validation; the message names the option. */
  InvalidOptions = 'INVALID_OPTIONS',
  /** `start()` was called before any handler was registered. */
  NoHandlers = 'NO_HANDLERS',
  /** Two handlers were registered under one name. */
  DuplicateHandler = 'DUPLICATE_HANDLER',
  /** The call does not fit the client's lifecycle, e.g. registering a handler after `start()`. */
  InvalidState = 'INVALID_STATE',
  /** Kafka topics could not be created or did not get leaders in time. */
  TopicSetupFailed = 'TOPIC_SETUP_FAILED',
  /** The test harness was given a command the client would dead-letter instead of running. */
  CommandRejected = 'COMMAND_REJECTED',
}

const RETRIABLE_CODES: ReadonlySet<DeletionClientErrorCode> = new Set([
  DeletionClientErrorCode.TopicSetupFailed,
]);

/** Setup and lifecycle errors of the SDK: wrong options, missing handlers, Kafka topics that cannot be set up. */
export class DeletionClientError extends Error {
  readonly retriable: boolean;

  constructor(
    readonly code: DeletionClientErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeletionClientError';
    this.retriable = RETRIABLE_CODES.has(code);
  }
}
