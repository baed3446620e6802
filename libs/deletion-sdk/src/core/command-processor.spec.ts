import { aCommand, aResult } from '../../test/factories/protocol-messages.factory';
import { CommandRejectionCode } from './command-admission';
import { CommandProcessor, CommandProcessorDeps } from './command-processor';
import type { ErasureHandler } from './erasure-context';
import { deleted, retained } from './handler-outcome';
import {
  InMemoryProcessedCommandStore,
  processedCommandKey,
  ProcessedCommandStore,
} from './processed-command-store';
import { LogFields, SdkLogger, silentLogger } from './sdk-logger';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2025-03-01T10:00:01.000Z');

function processorWith(handler: ErasureHandler, overrides: Partial<CommandProcessorDeps> = {}) {
  const store = new InMemoryProcessedCommandStore();
  const processor = new CommandProcessor({
    admission: { service: 'accounts', maxCommandAgeMs: 30 * DAY, maxClockSkewMs: 60_000 },
    handlers: () => new Map([['pg', handler]]),
    store,
    localRetry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    logger: silentLogger,
    sleep: async () => undefined,
    now: () => NOW,
    ...overrides,
  });
  return { processor, store };
}

describe(CommandProcessor.name, () => {
  const command = aCommand({ issuedAt: '2025-03-01T10:00:00.000Z' });

  it('runs the handlers and remembers the result', async () => {
    const handler = jest.fn(async () => deleted(2));
    const { processor, store } = processorWith(handler);
    const disposition = await processor.process(command);
    expect(disposition).toMatchObject({ kind: 'completed', replayed: false, result: { outcome: 'deleted' } });
    await expect(store.get(processedCommandKey(command))).resolves.toEqual({
      commandId: command.id,
      result: disposition.kind === 'completed' ? disposition.result : undefined,
    });
  });

  it('re-acknowledges a redelivered command with the identical result, without running handlers again', async () => {
    const handler = jest.fn(async () => deleted(2));
    const { processor } = processorWith(handler);
    const first = await processor.process(command);
    // The relay re-publishes an unconfirmed outbox row under the same command id with a fresh issuedAt.
    const again = await processor.process({ ...command, issuedAt: '2025-03-01T10:00:00.500Z' });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(again).toEqual({
      kind: 'completed',
      replayed: true,
      result: first.kind === 'completed' && first.result,
    });
  });

  it('refuses another command id for a task attempt already answered, without running or answering', async () => {
    const handler = jest.fn(async () => deleted(2));
    const { processor } = processorWith(handler);
    await processor.process(command);
    await expect(processor.process({ ...command, id: 'another-command' })).resolves.toEqual({
      kind: 'rejected',
      rejection: {
        code: CommandRejectionCode.Conflicting,
        reason: 'attempt 1 of task task-1 was already answered for command cmd-1',
      },
    });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('runs again for a new coordinator attempt', async () => {
    const handler = jest.fn(async () => deleted(2));
    const { processor } = processorWith(handler);
    await processor.process(command);
    await processor.process({ ...command, attempt: 2 });
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it('remembers failed results too, since the coordinator retries with a new attempt', async () => {
    const handler = jest.fn(async () => {
      throw new Error('down');
    });
    const { processor } = processorWith(handler);
    await processor.process(command);
    await expect(processor.process(command)).resolves.toMatchObject({
      replayed: true,
      result: { outcome: 'failed' },
    });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('rejects a stale command without running handlers', async () => {
    const handler = jest.fn(async () => deleted(1));
    const { processor } = processorWith(handler, { now: () => new Date(NOW.getTime() + 31 * DAY) });
    await expect(processor.process(command)).resolves.toMatchObject({
      kind: 'rejected',
      rejection: { code: CommandRejectionCode.Stale },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('rejects a command from the future', async () => {
    const { processor } = processorWith(async () => deleted(1));
    await expect(
      processor.process(aCommand({ issuedAt: '2025-03-01T11:00:00.000Z' })),
    ).resolves.toMatchObject({
      rejection: { code: CommandRejectionCode.FromTheFuture },
    });
  });

  it('still re-acknowledges a processed command that has since grown stale', async () => {
    let now = NOW;
    const { processor } = processorWith(async () => deleted(1), { now: () => now });
    await processor.process(command);
    now = new Date(NOW.getTime() + 31 * DAY);
    await expect(processor.process(command)).resolves.toMatchObject({ kind: 'completed', replayed: true });
  });

  it("never acknowledges another service's command, even one in the store", async () => {
    const handler = jest.fn(async () => deleted(1));
    const { processor, store } = processorWith(handler);
    const foreign = aCommand({ service: 'orders', issuedAt: command.issuedAt });
    await store.set(processedCommandKey(foreign), { commandId: foreign.id, result: aResult() });
    await expect(processor.process(foreign)).resolves.toMatchObject({
      kind: 'rejected',
      rejection: { code: CommandRejectionCode.WrongService },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('does not answer a dry run from a real run of the same attempt, nor the other way round', async () => {
    const handler = jest.fn(async () => deleted(1));
    const { processor } = processorWith(handler);
    await processor.process({ ...command, dryRun: true });
    await processor.process(command);
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it('propagates a failing store so the message is redelivered rather than lost', async () => {
    const broken: ProcessedCommandStore = {
      get: async () => undefined,
      set: async () => {
        throw new Error('store down');
      },
    };
    const { processor } = processorWith(async () => deleted(1), { store: broken });
    await expect(processor.process(command)).rejects.toThrow('store down');
  });

  describe('log redaction', () => {
    function recordingLogger(): { logger: SdkLogger; lines: () => string } {
      const calls: [string, string, LogFields | undefined][] = [];
      const at = (level: string) => (message: string, fields?: LogFields) =>
        calls.push([level, message, fields]);
      return {
        logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
        lines: () => JSON.stringify(calls),
      };
    }
    const withIdentities = aCommand({
      issuedAt: '2025-03-01T10:00:00.000Z',
      subject: {
        identities: [
          { type: 'email', value: 'ada@example.org' },
          { type: 'user_id', value: 'u-4711' },
        ],
      },
    });

    it('masks identities, addresses and numbers in a handler error as it is logged and reported', async () => {
      const { logger, lines } = recordingLogger();
      const { processor } = processorWith(
        async () => {
          throw new Error('no account u-4711; duplicate (email)=(bob@other.example), call +44 20 7946 0958');
        },
        { logger },
      );
      const disposition = await processor.process(withIdentities);
      expect(lines()).toContain('erasure handler failed');
      expect(lines()).toContain('[redacted]');
      expect(lines()).toContain('[redacted-email]');
      expect(lines()).toContain('[redacted-phone]');
      for (const raw of ['u-4711', 'bob@other.example', '7946 0958']) expect(lines()).not.toContain(raw);
      expect(disposition.kind === 'completed' && disposition.result.error?.message).toBe(
        'pg: no account [redacted]; duplicate (email)=([redacted-email]), call [redacted-phone]',
      );
    });

    it("masks what a handler logs through ctx.logger, nested fields included, with the command's values", async () => {
      const { logger, lines } = recordingLogger();
      const { processor } = processorWith(
        async (ctx) => {
          ctx.logger.info(`looking up ${ctx.valuesOf('user_id')[0]}`, {
            row: { owner: 'U-4711', contact: ['ada@example.org', '415-555-2671'] },
          });
          return deleted(1);
        },
        { logger },
      );
      await processor.process(withIdentities);
      expect(lines()).toContain('looking up [redacted]');
      expect(lines()).toContain('"owner":"[redacted]"');
      for (const raw of ['4711', 'ada@', '555-2671']) expect(lines()).not.toContain(raw);
      // the ids that make a line useful stay
      expect(lines()).toContain(withIdentities.requestId);
    });

    it('masks a retention note before it goes back to the coordinator', async () => {
      const { processor } = processorWith(async () =>
        retained('legal_obligation', 'invoice for ada@example.org (+447946095800) kept 10 years'),
      );
      const disposition = await processor.process(withIdentities);
      expect(disposition.kind === 'completed' && disposition.result.retention).toEqual({
        basis: 'legal_obligation',
        note: 'invoice for [redacted] ([redacted-phone]) kept 10 years',
      });
    });
  });
});
