import { aCommand } from '../../test/factories/protocol-messages.factory';
import type { ErasureHandler } from './erasure-context';
import { executeErasure, ErasureExecutorDeps } from './erasure-executor';
import { ErasureHandlerError, ErasureHandlerErrorCode, permanent } from './erasure-handler.error';
import { deleted, HandlerOutcome, notFound, retained } from './handler-outcome';
import { silentLogger } from './sdk-logger';
import { SDK_VERSION } from './sdk-version';

const NOW = new Date('2025-03-01T10:00:05.000Z');

function deps(overrides: Partial<ErasureExecutorDeps> = {}) {
  const sleeps: number[] = [];
  const resolved: ErasureExecutorDeps = {
    localRetry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
    logger: silentLogger,
    sleep: async (ms) => void sleeps.push(ms),
    now: () => NOW,
    newId: () => 'result-1',
    ...overrides,
  };
  return { deps: resolved, sleeps };
}

/** A handler that throws the given errors in turn, then returns `outcome`. */
function flaky(errors: unknown[], outcome: HandlerOutcome = deleted(1)) {
  const calls: number[] = [];
  const handler: ErasureHandler = async (ctx) => {
    calls.push(ctx.attempt);
    const next = errors.shift();
    if (next !== undefined) throw next;
    return outcome;
  };
  return { handler, calls };
}

describe(executeErasure.name, () => {
  const command = aCommand();

  it('builds a complete result for the command', async () => {
    const { deps: d } = deps();
    await expect(executeErasure(command, new Map([['pg', () => deleted(2)]]), d)).resolves.toEqual({
      v: 1,
      type: 'erasure.result',
      id: 'result-1',
      requestId: 'req-1',
      taskId: 'task-1',
      service: 'accounts',
      attempt: 1,
      outcome: 'deleted',
      recordsAffected: 2,
      completedAt: NOW.toISOString(),
      sdkVersion: SDK_VERSION,
    });
  });

  it('generates a fresh result id by default', async () => {
    const { deps: d } = deps({ newId: undefined });
    const result = await executeErasure(command, new Map([['pg', () => notFound()]]), d);
    expect(result.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('runs every handler and aggregates their outcomes', async () => {
    const { deps: d } = deps();
    const handlers = new Map<string, ErasureHandler>([
      ['pg', async () => deleted(2)],
      ['redis', () => notFound()],
      ['orders', async () => retained('tax-law', 'kept', 1)],
    ]);
    await expect(executeErasure(command, handlers, d)).resolves.toMatchObject({
      outcome: 'retained',
      recordsAffected: 3,
      retention: { basis: 'tax-law', note: 'kept' },
    });
  });

  it('runs handlers concurrently', async () => {
    const { deps: d } = deps();
    let running = 0;
    let peak = 0;
    const slow: ErasureHandler = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return notFound();
    };
    await executeErasure(
      command,
      new Map([
        ['a', slow],
        ['b', slow],
        ['c', slow],
      ]),
      d,
    );
    expect(peak).toBe(3);
  });

  it('retries a retriable failure with exponential backoff, then succeeds', async () => {
    const { deps: d, sleeps } = deps();
    const { handler, calls } = flaky([new Error('deadlock'), new Error('deadlock')], deleted(4));
    await expect(executeErasure(command, new Map([['pg', handler]]), d)).resolves.toMatchObject({
      outcome: 'deleted',
      recordsAffected: 4,
    });
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('reports a retriable failure once the local attempts are spent', async () => {
    const { deps: d, sleeps } = deps();
    const { handler, calls } = flaky([
      new Error('down'),
      new Error('down'),
      new Error('still down'),
      new Error('x'),
    ]);
    await expect(executeErasure(command, new Map([['pg', handler]]), d)).resolves.toMatchObject({
      outcome: 'failed',
      recordsAffected: 0,
      error: { code: ErasureHandlerErrorCode.HandlerFailed, message: 'pg: still down', retriable: true },
    });
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('does not retry a permanent failure', async () => {
    const { deps: d, sleeps } = deps();
    const { handler, calls } = flaky([permanent(new Error('legal hold'), 'LEGAL_HOLD')]);
    await expect(executeErasure(command, new Map([['pg', handler]]), d)).resolves.toMatchObject({
      outcome: 'failed',
      error: { code: 'LEGAL_HOLD', message: 'pg: legal hold', retriable: false },
    });
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('uses the code of a retriable ErasureHandlerError', async () => {
    const { deps: d } = deps({ localRetry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
    const { handler } = flaky([new ErasureHandlerError('quota', { code: 'QUOTA' })]);
    await expect(executeErasure(command, new Map([['s3', handler]]), d)).resolves.toMatchObject({
      error: { code: 'QUOTA', retriable: true },
    });
  });

  it('turns a synchronous throw or a thrown non-error into a failure', async () => {
    const { deps: d } = deps({ localRetry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
    const handlers = new Map<string, ErasureHandler>([
      [
        'sync',
        () => {
          throw new TypeError('oops');
        },
      ],
      [
        'string',
        () => {
          throw 'plain string';
        },
      ],
    ]);
    await expect(executeErasure(command, handlers, d)).resolves.toMatchObject({
      outcome: 'failed',
      error: {
        code: 'MULTIPLE_HANDLERS_FAILED',
        message: 'sync: [HANDLER_FAILED] oops; string: [HANDLER_FAILED] plain string',
      },
    });
  });

  it('fails permanently, without retrying, when a handler returns no valid outcome', async () => {
    const { deps: d, sleeps } = deps();
    const handler = jest.fn(async () => undefined as unknown as HandlerOutcome);
    await expect(executeErasure(command, new Map([['pg', handler]]), d)).resolves.toMatchObject({
      outcome: 'failed',
      error: { code: ErasureHandlerErrorCode.InvalidOutcome, retriable: false },
    });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(sleeps).toEqual([]);
  });

  it('retries only the failing handler, not the ones that succeeded', async () => {
    const { deps: d } = deps();
    const good = jest.fn(async () => deleted(1));
    const { handler, calls } = flaky([new Error('blip')]);
    await executeErasure(
      command,
      new Map([
        ['good', good],
        ['flaky', handler],
      ]),
      d,
    );
    expect(good).toHaveBeenCalledTimes(1);
    expect(calls).toHaveLength(2);
  });

  it('removes identity values from error messages before they leave the service', async () => {
    const { deps: d } = deps({ localRetry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
    const { handler } = flaky([new Error('duplicate key (email)=(ada@example.org)')]);
    const result = await executeErasure(command, new Map([['pg', handler]]), d);
    expect(result.error?.message).toBe('pg: duplicate key (email)=([redacted])');
  });

  it('passes dry runs through to the handlers and reports what they say', async () => {
    const { deps: d } = deps();
    const seen: boolean[] = [];
    const handler: ErasureHandler = (ctx) => {
      seen.push(ctx.dryRun);
      return deleted(ctx.dryRun ? 7 : 0);
    };
    await expect(
      executeErasure(aCommand({ dryRun: true }), new Map([['pg', handler]]), d),
    ).resolves.toMatchObject({
      outcome: 'deleted',
      recordsAffected: 7,
    });
    expect(seen).toEqual([true]);
  });

  it('logs failures without identity values', async () => {
    const warn = jest.fn();
    const { deps: d } = deps({
      logger: { ...silentLogger, warn },
      localRetry: { attempts: 2, baseDelayMs: 0, maxDelayMs: 0 },
    });
    const { handler } = flaky([new Error('no row ada@example.org')]);
    await executeErasure(command, new Map([['pg', handler]]), d);
    expect(warn).toHaveBeenCalledWith(
      'erasure handler failed, retrying',
      expect.objectContaining({ error: 'no row [redacted]', try: 1, of: 2 }),
    );
    expect(JSON.stringify(warn.mock.calls)).not.toContain('ada@example.org');
  });

  describe('handler timeout', () => {
    it('answers a handler that never settles with a retriable HANDLER_TIMEOUT, once, and aborts its signal', async () => {
      const { deps: d, sleeps } = deps({ handlerTimeoutMs: 20 });
      const signals: AbortSignal[] = [];
      const hung: ErasureHandler = (ctx) => {
        signals.push(ctx.signal);
        return new Promise<HandlerOutcome>(() => undefined);
      };
      const result = await executeErasure(command, new Map([['pg', hung]]), d);
      expect(result).toMatchObject({
        outcome: 'failed',
        error: {
          code: ErasureHandlerErrorCode.HandlerTimeout,
          message: 'pg: did not finish within 20 ms',
          retriable: true,
        },
      });
      // Not retried locally: every local try would hold the command for another full timeout.
      expect(signals).toHaveLength(1);
      expect(sleeps).toEqual([]);
      expect(signals[0].aborted).toBe(true);
    });

    it('lets the other handlers report while one hangs', async () => {
      const { deps: d } = deps({ handlerTimeoutMs: 20 });
      const hung: ErasureHandler = () => new Promise<HandlerOutcome>(() => undefined);
      const result = await executeErasure(
        command,
        new Map<string, ErasureHandler>([
          ['pg', () => deleted(2)],
          ['redis', hung],
        ]),
        d,
      );
      expect(result.outcome).toBe('failed');
      expect(result.error?.retriable).toBe(true);
      expect(result.error?.message).toContain('redis');
    });

    it('keeps the outcome of a handler that finishes in time, and leaves its signal alone', async () => {
      const { deps: d } = deps({ handlerTimeoutMs: 1_000 });
      let signal: AbortSignal | undefined;
      const result = await executeErasure(
        command,
        new Map([
          [
            'pg',
            async (ctx: { signal: AbortSignal }) => {
              signal = ctx.signal;
              await new Promise((resolve) => setTimeout(resolve, 5));
              return deleted(1);
            },
          ],
        ]),
        d,
      );
      expect(result.outcome).toBe('deleted');
      expect(signal?.aborted).toBe(false);
    });
  });

  it('refuses to run without handlers', async () => {
    const { deps: d } = deps();
    await expect(executeErasure(command, new Map(), d)).rejects.toThrow(RangeError);
  });
});
