import { randomUUID } from 'node:crypto';
import type { ErasureCommand, ErasureError, ErasureResult } from '../protocol/messages';
import { createErasureContext, ErasureHandler } from './erasure-context';
import { ErasureHandlerError, ErasureHandlerErrorCode, messageOf } from './erasure-handler.error';
import { describeInvalidOutcome, HandlerOutcome } from './handler-outcome';
import { redactPersonalData } from '../protocol/personal-data';
import { identityValues } from './identity-redaction';
import { backoffDelayMs, ResolvedLocalRetry, Sleep } from './local-retry';
import { aggregateOutcomes, HandlerReport } from './outcome-aggregation';
import { SDK_VERSION } from './sdk-version';
import type { SdkLogger } from './sdk-logger';

/** How long one handler call may take before it counts as a retriable failure. */
export const DEFAULT_HANDLER_TIMEOUT_MS = 60_000;

export interface ErasureExecutorDeps {
  localRetry: ResolvedLocalRetry;
  /** @defaultValue {@link DEFAULT_HANDLER_TIMEOUT_MS} */
  handlerTimeoutMs?: number;
  logger: SdkLogger;
  sleep: Sleep;
  now: () => Date;
  newId?: () => string;
}

/**
 * Runs every handler of a service for one command — concurrently, as each owns a different store — retrying
 * retriable failures locally, and builds the result to publish. Never throws because of a handler.
 */
export async function executeErasure(
  command: ErasureCommand,
  handlers: ReadonlyMap<string, ErasureHandler>,
  deps: ErasureExecutorDeps,
): Promise<ErasureResult> {
  if (handlers.size === 0) throw new RangeError('executeErasure: no handlers to run');
  const reports = await Promise.all(
    [...handlers].map(([name, handler]) => runHandler(command, name, handler, deps)),
  );
  const aggregated = aggregateOutcomes(reports);
  if (aggregated.retention?.note !== undefined) {
    // A note is free text a handler wrote; it ends up in the coordinator's ledger, which can never forget.
    aggregated.retention.note = redactPersonalData(
      aggregated.retention.note,
      identityValues(command.subject.identities),
    );
  }
  return {
    v: 1,
    type: 'erasure.result',
    id: (deps.newId ?? randomUUID)(),
    requestId: command.requestId,
    taskId: command.taskId,
    service: command.service,
    attempt: command.attempt,
    ...aggregated,
    completedAt: deps.now().toISOString(),
    sdkVersion: SDK_VERSION,
  };
}

async function runHandler(
  command: ErasureCommand,
  name: string,
  handler: ErasureHandler,
  deps: ErasureExecutorDeps,
): Promise<HandlerReport> {
  const { attempts } = deps.localRetry;
  for (let tryNumber = 1; ; tryNumber++) {
    const abort = new AbortController();
    const ctx = createErasureContext(command, name, deps.logger, abort.signal);
    let failure: ErasureError;
    try {
      const outcome: unknown = await withHandlerTimeout(
        () => handler(ctx),
        deps.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS,
        abort,
      );
      const invalid = describeInvalidOutcome(outcome);
      if (invalid === undefined) return { handler: name, outcome: outcome as HandlerOutcome };
      // A handler returning garbage is a bug in the service: retrying cannot fix it.
      failure = { code: ErasureHandlerErrorCode.InvalidOutcome, message: invalid, retriable: false };
    } catch (thrown) {
      failure = describeFailure(thrown);
    }
    // The message becomes the result's error, stored in the coordinator's ledger: no identity, nobody's address.
    failure.message = redactPersonalData(failure.message, identityValues(command.subject.identities));
    // A hung handler is not retried locally: each local try would hold the command for another full timeout, while
    // the coordinator re-dispatches with backoff and the store's outage has time to pass.
    const willRetry =
      failure.retriable && failure.code !== ErasureHandlerErrorCode.HandlerTimeout && tryNumber < attempts;
    ctx.logger.warn(`erasure handler failed${willRetry ? ', retrying' : ''}`, {
      code: failure.code,
      error: failure.message,
      retriable: failure.retriable,
      try: tryNumber,
      of: attempts,
    });
    if (!willRetry) return { handler: name, error: failure };
    await deps.sleep(backoffDelayMs(tryNumber, deps.localRetry));
  }
}

/**
 * Settles with the handler's outcome, or fails with a retriable HANDLER_TIMEOUT once `timeoutMs` passes. The
 * handler itself cannot be stopped from here; its signal is aborted so that it can stop itself, and whatever it
 * returns later is ignored (handlers are idempotent, so the next attempt finds what it did).
 */
export async function withHandlerTimeout<T>(
  run: () => Promise<T> | T,
  timeoutMs: number,
  abort: AbortController,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(
        new ErasureHandlerError(`did not finish within ${timeoutMs} ms`, {
          code: ErasureHandlerErrorCode.HandlerTimeout,
          retriable: true,
        }),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(run), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function describeFailure(thrown: unknown): ErasureError {
  if (thrown instanceof ErasureHandlerError) {
    return { code: thrown.code, message: thrown.message, retriable: thrown.retriable };
  }
  return { code: ErasureHandlerErrorCode.HandlerFailed, message: messageOf(thrown), retriable: true };
}
