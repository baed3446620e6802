import { DeletionClientErrorCode } from '../core/deletion-client.error';
import type { ErasureHandler } from '../core/erasure-context';
import { permanent } from '../core/erasure-handler.error';
import { deleted, HandlerOutcome, notFound } from '../core/handler-outcome';
import { createErasureHarness } from './erasure-harness';
import { absent, present } from '../core/verify-handler';

describe(createErasureHarness.name, () => {
  it('returns the result the client would publish', async () => {
    const harness = createErasureHarness({ service: 'cart', handlers: { redis: () => deleted(1) } });
    await expect(harness.run()).resolves.toMatchObject({
      v: 1,
      type: 'erasure.result',
      service: 'cart',
      attempt: 1,
      outcome: 'deleted',
      recordsAffected: 1,
    });
  });

  it('accepts handlers as a Map or as entries', async () => {
    const handlers = new Map<string, ErasureHandler>([['redis', () => notFound()]]);
    await expect(createErasureHarness({ service: 'cart', handlers }).run()).resolves.toMatchObject({
      outcome: 'not_found',
    });
    await expect(
      createErasureHarness({ service: 'cart', handlers: [...handlers] }).run(),
    ).resolves.toMatchObject({
      outcome: 'not_found',
    });
  });

  it('retries locally without waiting', async () => {
    let calls = 0;
    const harness = createErasureHarness({
      service: 'cart',
      handlers: {
        redis: () => {
          if (++calls < 3) throw new Error('READONLY');
          return deleted(1);
        },
      },
      localRetry: { attempts: 3, baseDelayMs: 60_000 },
    });
    await expect(harness.run()).resolves.toMatchObject({ outcome: 'deleted' });
    expect(calls).toBe(3);
  });

  it('shows how a permanent failure is reported', async () => {
    const harness = createErasureHarness({
      service: 'cart',
      handlers: { redis: () => Promise.reject(permanent(new Error('legal hold'), 'LEGAL_HOLD')) },
    });
    await expect(harness.run()).resolves.toMatchObject({
      outcome: 'failed',
      error: { code: 'LEGAL_HOLD', message: 'redis: legal hold', retriable: false },
    });
  });

  it('runs a given command, and answers a redelivery from memory like the client does', async () => {
    const handler = jest.fn((): HandlerOutcome => deleted(1));
    const harness = createErasureHarness({ service: 'cart', handlers: { redis: handler } });
    const command = harness.command({ identities: [{ type: 'user_id', value: 'u-1' }] });
    const first = await harness.runCommand(command);
    await expect(harness.runCommand(command)).resolves.toEqual(first);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('throws when the client would dead-letter the command instead', async () => {
    const harness = createErasureHarness({ service: 'cart', handlers: { redis: () => notFound() } });
    await expect(harness.run({ service: 'orders' })).rejects.toMatchObject({
      code: DeletionClientErrorCode.CommandRejected,
      message: expect.stringContaining('WRONG_SERVICE'),
    });
    await expect(harness.run({ issuedAt: '2020-01-01T00:00:00Z' })).rejects.toMatchObject({
      message: expect.stringContaining('STALE_COMMAND'),
    });
  });

  it('fails when a handler outcome would break the result schema', async () => {
    const harness = createErasureHarness({
      service: 'cart',
      handlers: { a: () => deleted(Number.MAX_SAFE_INTEGER), b: () => deleted(Number.MAX_SAFE_INTEGER) },
    });
    await expect(harness.run()).rejects.toThrow('recordsAffected');
  });

  it('needs at least one handler', () => {
    expect(() => createErasureHarness({ service: 'cart', handlers: {} })).toThrow(
      expect.objectContaining({ code: DeletionClientErrorCode.NoHandlers }),
    );
  });
});

describe('createErasureHarness verify', () => {
  it('runs the verify handlers and returns the verdict the SDK would publish', async () => {
    const harness = createErasureHarness({
      service: 'accounts',
      handlers: { pg: () => notFound() },
      verifyHandlers: {
        pg: (ctx) => (ctx.valuesOf('email').includes('back@example.org') ? present(1) : absent()),
      },
    });
    await expect(harness.verify([{ type: 'email', value: 'back@example.org' }])).resolves.toMatchObject({
      verdict: 'present',
      findings: [{ store: 'pg', records: 1 }],
    });
    await expect(harness.verify()).resolves.toMatchObject({ verdict: 'absent' });
  });

  it('answers failed with NO_VERIFY_HANDLER without verify handlers', async () => {
    const harness = createErasureHarness({ service: 'accounts', handlers: { pg: () => notFound() } });
    await expect(harness.verify()).resolves.toMatchObject({
      verdict: 'failed',
      error: { code: 'NO_VERIFY_HANDLER' },
    });
  });
});
