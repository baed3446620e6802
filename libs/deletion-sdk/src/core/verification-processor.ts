import type { VerificationCommand, VerificationResult } from '../protocol/verification-messages';
import { AdmissionPolicy, checkAdmission, CommandRejection } from './command-admission';
import { identityValues } from './identity-redaction';
import { bindLogger, redactingLogger, SdkLogger } from './sdk-logger';
import { executeVerification } from './verification-executor';
import type { VerifyHandler } from './verify-handler';

export type VerificationDisposition =
  { kind: 'verified'; result: VerificationResult } | { kind: 'rejected'; rejection: CommandRejection };

export interface VerificationProcessorDeps {
  admission: AdmissionPolicy;
  handlers: () => ReadonlyMap<string, VerifyHandler>;
  handlerTimeoutMs?: number;
  logger: SdkLogger;
  now: () => Date;
}

/**
 * Answers a verified `erasure.verify` command. Unlike erasure there is no idempotency store: the handlers only read,
 * so a redelivered verification is simply checked again and answers with the state of the stores now. The same
 * admission window as commands applies, because a replayed verification would still tell whether someone is there.
 */
export class VerificationProcessor {
  constructor(private readonly deps: VerificationProcessorDeps) {}

  async process(command: VerificationCommand): Promise<VerificationDisposition> {
    const { admission, now } = this.deps;
    const rejection = checkAdmission(command, admission, now());
    if (rejection) return { kind: 'rejected', rejection };
    const commandLogger = redactingLogger(this.deps.logger, identityValues(command.subject.identities));
    const result = await executeVerification(command, this.deps.handlers(), {
      ...this.deps,
      logger: commandLogger,
    });
    bindLogger(commandLogger, { requestId: command.requestId }).info('verification command answered', {
      verification: command.id,
      verdict: result.verdict,
      stores: result.findings?.map((finding) => finding.store),
    });
    return { kind: 'verified', result };
  }
}
