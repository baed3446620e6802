import { redactPersonalData } from '../protocol/personal-data';
import {
  NO_VERIFY_HANDLER,
  VerificationCommand,
  VerificationFinding,
  VerificationResult,
} from '../protocol/verification-messages';
import { DEFAULT_HANDLER_TIMEOUT_MS, withHandlerTimeout } from './erasure-executor';
import { messageOf } from './erasure-handler.error';
import { identityValues } from './identity-redaction';
import type { SdkLogger } from './sdk-logger';
import { SDK_VERSION } from './sdk-version';
import { createVerificationContext, VerifyHandler, VerifyOutcome } from './verify-handler';

export const VERIFY_HANDLER_FAILED = 'VERIFY_HANDLER_FAILED';

export interface VerificationExecutorDeps {
  /** @defaultValue {@link DEFAULT_HANDLER_TIMEOUT_MS} */
  handlerTimeoutMs?: number;
  logger: SdkLogger;
  now: () => Date;
}

type Report = { store: string; outcome: VerifyOutcome } | { store: string; error: string };

/**
 * Runs every verify handler of a service for one verification command, concurrently, and builds the verdict:
 * `present` when any store still holds the subject (whatever the others say), else `failed` when any store could
 * not be checked, else `absent`. A service without verify handlers answers `failed` (NO_VERIFY_HANDLER): silence
 * must never read as "erased". Never throws because of a handler.
 */
export async function executeVerification(
  command: VerificationCommand,
  handlers: ReadonlyMap<string, VerifyHandler>,
  deps: VerificationExecutorDeps,
): Promise<VerificationResult> {
  const base = {
    v: 1 as const,
    type: 'erasure.verify_result' as const,
    id: command.id,
    requestId: command.requestId,
    service: command.service,
  };
  const stamp = () => ({ checkedAt: deps.now().toISOString(), sdkVersion: SDK_VERSION });
  if (handlers.size === 0) {
    const error = {
      code: NO_VERIFY_HANDLER,
      message: `service ${command.service} registers no verify handler`,
    };
    return { ...base, verdict: 'failed', error, ...stamp() };
  }
  const reports = await Promise.all(
    [...handlers].map(([store, handler]) => runVerifyHandler(command, store, handler, deps)),
  );
  const findings: VerificationFinding[] = [];
  const failures: string[] = [];
  for (const report of reports) {
    if ('error' in report) failures.push(`${report.store}: ${report.error}`);
    else if (report.outcome.kind === 'present')
      findings.push({ store: report.store, records: report.outcome.records });
  }
  if (findings.length > 0) return { ...base, verdict: 'present', findings, ...stamp() };
  if (failures.length > 0) {
    // Free text that reaches the coordinator's ledger: no identity of the subject, nobody's address.
    const message = redactPersonalData(failures.join('; '), identityValues(command.subject.identities));
    return {
      ...base,
      verdict: 'failed',
      error: { code: VERIFY_HANDLER_FAILED, message: message.slice(0, 2000) },
      ...stamp(),
    };
  }
  return { ...base, verdict: 'absent', ...stamp() };
}

async function runVerifyHandler(
  command: VerificationCommand,
  store: string,
  handler: VerifyHandler,
  deps: VerificationExecutorDeps,
): Promise<Report> {
  const abort = new AbortController();
  const ctx = createVerificationContext(command, store, deps.logger, abort.signal);
  try {
    const outcome: unknown = await withHandlerTimeout(
      () => handler(ctx),
      deps.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS,
      abort,
    );
    if (!isVerifyOutcome(outcome)) {
      return { store, error: 'the handler returned neither absent() nor present(records)' };
    }
    return { store, outcome };
  } catch (thrown) {
    const error = messageOf(thrown);
    ctx.logger.warn('verify handler failed', { error });
    return { store, error };
  }
}

function isVerifyOutcome(value: unknown): value is VerifyOutcome {
  if (typeof value !== 'object' || value === null) return false;
  const outcome = value as { kind?: unknown; records?: unknown };
  if (outcome.kind === 'absent') return true;
  return (
    outcome.kind === 'present' &&
    typeof outcome.records === 'number' &&
    Number.isInteger(outcome.records) &&
    outcome.records >= 1
  );
}
