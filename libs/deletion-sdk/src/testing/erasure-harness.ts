import type { ErasureCommand, ErasureResult } from '../protocol/messages';
import { parseErasureResult } from '../protocol/validation';
import { DEFAULT_MAX_CLOCK_SKEW_MS, DEFAULT_MAX_COMMAND_AGE_MS } from '../core/command-admission';
import { CommandProcessor } from '../core/command-processor';
import { DeletionClientError, DeletionClientErrorCode } from '../core/deletion-client.error';
import type { ErasureHandler } from '../core/erasure-context';
import { ErasureHandlerRegistry } from '../core/erasure-handler.registry';
import { LocalRetryOptions, resolveLocalRetry, Sleep } from '../core/local-retry';
import { InMemoryProcessedCommandStore } from '../core/processed-command-store';
import { SdkLogger, silentLogger } from '../core/sdk-logger';
import { VerificationProcessor } from '../core/verification-processor';
import type { VerifyHandler } from '../core/verify-handler';
import type { VerificationResult } from '../protocol/verification-messages';
import { parseVerificationResult } from '../protocol/verification-validation';
import {
  buildErasureCommand,
  buildVerificationCommand,
  ErasureCommandOverrides,
} from './erasure-command.factory';

export interface ErasureHarnessOptions {
  /** The service under test; commands are addressed to it. */
  service: string;
  /** The service's handlers by name, as registered with `onErasure` or `@OnErasure`. */
  handlers: Record<string, ErasureHandler> | Iterable<readonly [string, ErasureHandler]>;
  /** The service's verify handlers by name, as registered with `onVerify` or `@OnVerify`. @defaultValue none */
  verifyHandlers?: Record<string, VerifyHandler> | Iterable<readonly [string, VerifyHandler]>;
  /** @defaultValue the client's defaults (3 attempts), with backoff delays skipped */
  localRetry?: LocalRetryOptions;
  /** As the client's option of that name. @defaultValue 60000 */
  handlerTimeoutMs?: number;
  /** @defaultValue silent */
  logger?: SdkLogger;
  /** How backoff waits. @defaultValue resolves immediately */
  sleep?: Sleep;
  /** @defaultValue `() => new Date()` */
  now?: () => Date;
}

export interface ErasureHarness {
  /** Runs the handlers for a command built from `overrides` and returns the result the SDK would publish. */
  run(overrides?: ErasureCommandOverrides): Promise<ErasureResult>;
  /** Runs the handlers for exactly this command (deliver one twice to see idempotency). */
  runCommand(command: ErasureCommand): Promise<ErasureResult>;
  /** Builds a valid command for the service, for `runCommand`. */
  command(overrides?: ErasureCommandOverrides): ErasureCommand;
  /** Runs the verify handlers for a verification of these identities; returns the verdict the SDK would publish. */
  verify(identities?: ErasureCommandOverrides['identities']): Promise<VerificationResult>;
}

/**
 * Runs a service's erasure handlers the way `DeletionClient` does — same context, local retries, aggregation,
 * idempotency and admission rules — without Kafka, for the service's own unit tests.
 *
 * @example
 * const harness = createErasureHarness({ service: 'accounts', handlers: { postgres: (ctx) => eraser.erase(ctx) } });
 * await expect(harness.run({ identities: [{ type: 'email', value: 'a@example.org' }] })).resolves.toMatchObject({ outcome: 'deleted' });
 */
export function createErasureHarness(options: ErasureHarnessOptions): ErasureHarness {
  const registry = new ErasureHandlerRegistry();
  const entries = Symbol.iterator in options.handlers ? options.handlers : Object.entries(options.handlers);
  for (const [name, handler] of entries as Iterable<readonly [string, ErasureHandler]>)
    registry.register(name, handler);
  if (registry.size === 0) {
    throw new DeletionClientError(
      DeletionClientErrorCode.NoHandlers,
      'createErasureHarness: no handlers given',
    );
  }
  const now = options.now ?? (() => new Date());
  const processor = new CommandProcessor({
    admission: {
      service: options.service,
      maxCommandAgeMs: DEFAULT_MAX_COMMAND_AGE_MS,
      maxClockSkewMs: DEFAULT_MAX_CLOCK_SKEW_MS,
    },
    handlers: () => registry.snapshot(),
    store: new InMemoryProcessedCommandStore(),
    localRetry: resolveLocalRetry(options.localRetry),
    handlerTimeoutMs: options.handlerTimeoutMs,
    logger: options.logger ?? silentLogger,
    sleep: options.sleep ?? (() => Promise.resolve()),
    now,
  });

  const verifyRegistry = new ErasureHandlerRegistry<VerifyHandler>('verify');
  const verifyEntries = options.verifyHandlers ?? {};
  const verifyIterable = Symbol.iterator in verifyEntries ? verifyEntries : Object.entries(verifyEntries);
  for (const [name, handler] of verifyIterable as Iterable<readonly [string, VerifyHandler]>)
    verifyRegistry.register(name, handler);
  const verifications = new VerificationProcessor({
    admission: {
      service: options.service,
      maxCommandAgeMs: DEFAULT_MAX_COMMAND_AGE_MS,
      maxClockSkewMs: DEFAULT_MAX_CLOCK_SKEW_MS,
    },
    handlers: () => verifyRegistry.snapshot(),
    handlerTimeoutMs: options.handlerTimeoutMs,
    logger: options.logger ?? silentLogger,
    now,
  });
  const verify = async (identities?: ErasureCommandOverrides['identities']) => {
    const disposition = await verifications.process(
      buildVerificationCommand(options.service, identities, now()),
    );
    if (disposition.kind === 'rejected') {
      const { code, reason } = disposition.rejection;
      throw new DeletionClientError(
        DeletionClientErrorCode.CommandRejected,
        `verification rejected: ${code}: ${reason}`,
      );
    }
    return parseVerificationResult(disposition.result);
  };

  const runCommand = async (command: ErasureCommand): Promise<ErasureResult> => {
    const disposition = await processor.process(command);
    if (disposition.kind === 'rejected') {
      const { code, reason } = disposition.rejection;
      throw new DeletionClientError(
        DeletionClientErrorCode.CommandRejected,
        `command would be dead-lettered: ${code}: ${reason}`,
      );
    }
    // What the coordinator would accept: a handler outcome that breaks the result schema fails the test here.
    return parseErasureResult(disposition.result);
  };
  const command = (overrides?: ErasureCommandOverrides) =>
    buildErasureCommand(options.service, overrides, now());
  return { run: (overrides) => runCommand(command(overrides)), runCommand, command, verify };
}
