import type { IdentityType, SubjectIdentity } from '../protocol/identity';
import { matchesIdentity } from '../protocol/identity-matching';
import type { ErasureCommand } from '../protocol/messages';
import type { HandlerOutcome } from './handler-outcome';
import { bindLogger, SdkLogger } from './sdk-logger';

/** Everything a handler needs to erase one subject from one store. */
export interface ErasureContext {
  readonly requestId: string;
  readonly taskId: string;
  /** Id of the command message; unique per dispatch. */
  readonly commandId: string;
  /** The coordinator's attempt number for this task (1 on first dispatch). */
  readonly attempt: number;
  /**
   * When true, report what would be erased (`deleted(n)` with the count that would go) but change nothing.
   */
  readonly dryRun: boolean;
  /** The request's legal deadline. */
  readonly dueAt: Date;
  /** Every identity the subject is known by; the handler's own copy. */
  readonly identities: SubjectIdentity[];
  /**
   * The raw values of one identity type, without duplicates, e.g. `ctx.valuesOf('email')`. Hashed identities (an
   * OpenDSR controller's sha256 of an email) are left out: they cannot be looked up, only compared with `matches`.
   */
  valuesOf(type: IdentityType): string[];
  /** Whether a value the store holds (raw, as typed) is this subject's, by any identity of `type`, hashed or not. */
  matches(type: IdentityType, rawStoredValue: string): boolean;
  /** Bound to the request, task and handler. Never log identity values. */
  readonly logger: SdkLogger;
  /**
   * Aborted when the handler runs past the client's `handlerTimeoutMs`: pass it to database drivers and `fetch` so
   * the abandoned work stops too. The SDK has already reported a retriable failure by then.
   */
  readonly signal: AbortSignal;
}

/**
 * Erases the subject from one store and says what happened. Throw to fail: thrown errors are retried unless marked
 * with `permanent()` or `new ErasureHandlerError(..., { retriable: false })`. Must be idempotent — a command can
 * arrive again after a crash, and the second run should find nothing and return `notFound()`.
 */
export type ErasureHandler = (ctx: ErasureContext) => Promise<HandlerOutcome> | HandlerOutcome;

export function createErasureContext(
  command: ErasureCommand,
  handlerName: string,
  logger: SdkLogger,
  signal: AbortSignal = new AbortController().signal,
): ErasureContext {
  const identities: SubjectIdentity[] = command.subject.identities.map(({ type, value, format }) =>
    format ? { type, value, format } : { type, value },
  );
  return {
    requestId: command.requestId,
    taskId: command.taskId,
    commandId: command.id,
    attempt: command.attempt,
    dryRun: command.dryRun,
    dueAt: new Date(command.dueAt),
    identities,
    valuesOf: (type) => [
      ...new Set(identities.filter((i) => i.type === type && !i.format).map((i) => i.value)),
    ],
    matches: (type, rawStoredValue) =>
      identities.some((identity) => identity.type === type && matchesIdentity(identity, rawStoredValue)),
    logger: bindLogger(logger, {
      requestId: command.requestId,
      taskId: command.taskId,
      handler: handlerName,
      dryRun: command.dryRun,
    }),
    signal,
  };
}
