import type { ErasureCommand, ErasureResult } from '../protocol/messages';
import { AdmissionPolicy, checkAdmission, CommandRejection, CommandRejectionCode } from './command-admission';
import type { ErasureHandler } from './erasure-context';
import { executeErasure } from './erasure-executor';
import type { ResolvedLocalRetry, Sleep } from './local-retry';
import { processedCommandKey, ProcessedCommandStore } from './processed-command-store';
import { identityValues } from './identity-redaction';
import { bindLogger, redactingLogger, SdkLogger } from './sdk-logger';

export type CommandDisposition =
  /** Publish `result`. `replayed` when it came from the store instead of running the handlers. */
  | { kind: 'completed'; result: ErasureResult; replayed: boolean }
  /** Do not run; dead-letter the command. */
  | { kind: 'rejected'; rejection: CommandRejection };

export interface CommandProcessorDeps {
  admission: AdmissionPolicy;
  handlers: () => ReadonlyMap<string, ErasureHandler>;
  store: ProcessedCommandStore;
  localRetry: ResolvedLocalRetry;
  /** @defaultValue 60000 (see executeErasure) */
  handlerTimeoutMs?: number;
  logger: SdkLogger;
  sleep: Sleep;
  now: () => Date;
  newId?: () => string;
}

/**
 * Decides what to do with a verified command and does it, without knowing about Kafka: the client publishes
 * what this returns, and the test harness returns it to the test.
 */
export class CommandProcessor {
  constructor(private readonly deps: CommandProcessorDeps) {}

  async process(command: ErasureCommand): Promise<CommandDisposition> {
    const { admission, store, now } = this.deps;
    // While this command is in hand its identities are known: no line logged for it, by the SDK or by a handler
    // through ctx.logger, may carry them, whatever their shape.
    const commandLogger = redactingLogger(this.deps.logger, identityValues(command.subject.identities));
    const logger = bindLogger(commandLogger, { requestId: command.requestId, taskId: command.taskId });
    const rejection = checkAdmission(command, admission, now());
    // A command for another service must never be acknowledged by this one, stored result or not.
    if (rejection?.code === CommandRejectionCode.WrongService) return { kind: 'rejected', rejection };
    const key = processedCommandKey(command);
    const previous = await store.get(key);
    if (previous !== undefined && previous.commandId === command.id) {
      // The same command again (Kafka redelivery, or the relay re-publishing after a crash): the handlers already
      // ran, so re-acknowledge with the identical result (same id) — even past the replay window, since answering
      // runs nothing and tells the coordinator only what it was told before.
      logger.info('command already processed; re-acknowledging the stored result', {
        attempt: command.attempt,
      });
      return { kind: 'completed', result: previous.result, replayed: true };
    }
    if (previous !== undefined) {
      return {
        kind: 'rejected',
        rejection: {
          code: CommandRejectionCode.Conflicting,
          reason: `attempt ${command.attempt} of task ${command.taskId} was already answered for command ${previous.commandId}`,
        },
      };
    }
    if (rejection) return { kind: 'rejected', rejection };

    const result = await executeErasure(command, this.deps.handlers(), {
      ...this.deps,
      logger: commandLogger,
    });
    // Stored before publishing: if the publish fails and Kafka redelivers, the handlers do not run again.
    await store.set(key, { commandId: command.id, result });
    logger.info('erasure command processed', {
      attempt: command.attempt,
      dryRun: command.dryRun,
      outcome: result.outcome,
      recordsAffected: result.recordsAffected,
    });
    return { kind: 'completed', result, replayed: false };
  }
}
