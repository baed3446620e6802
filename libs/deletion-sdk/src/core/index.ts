// The core's public surface; execution internals (processor, executor, aggregation) stay private to the SDK.
export {
  type CommandRejection,
  CommandRejectionCode,
  DEFAULT_MAX_CLOCK_SKEW_MS,
  DEFAULT_MAX_COMMAND_AGE_MS,
} from './command-admission';
export { DeletionClientError, DeletionClientErrorCode } from './deletion-client.error';
export type { ErasureContext, ErasureHandler } from './erasure-context';
export {
  ErasureHandlerError,
  ErasureHandlerErrorCode,
  type ErasureHandlerErrorOptions,
  permanent,
} from './erasure-handler.error';
export {
  deleted,
  type DeletedOutcome,
  type HandlerOutcome,
  notFound,
  type NotFoundOutcome,
  retained,
  type RetainedOutcome,
} from './handler-outcome';
export type { LocalRetryOptions } from './local-retry';
export {
  InMemoryProcessedCommandStore,
  processedCommandKey,
  type ProcessedCommandStore,
} from './processed-command-store';
export { RetentionBasis } from './retention-basis';
export {
  createStderrLogger,
  type LogFields,
  redactingLogger,
  isLevelEnabled,
  type SdkLogger,
  type SdkLogLevel,
  silentLogger,
} from './sdk-logger';
export { SDK_VERSION } from './sdk-version';
export { VERIFY_HANDLER_FAILED } from './verification-executor';
export {
  absent,
  present,
  type VerificationContext,
  type VerifyHandler,
  type VerifyOutcome,
} from './verify-handler';
