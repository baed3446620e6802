import { createHash } from 'node:crypto';
import { aCommand } from '../../test/factories/protocol-messages.factory';
import { createErasureContext } from './erasure-context';
import type { SdkLogger } from './sdk-logger';

describe(createErasureContext.name, () => {
  const command = aCommand({
    attempt: 2,
    dryRun: true,
    subject: {
      identities: [
        { type: 'email', value: 'ada@example.org' },
        { type: 'user_id', value: 'u-1' },
        { type: 'email', value: 'ada.l@example.org' },
        { type: 'email', value: 'ada@example.org' },
      ],
    },
  });
  const logger: SdkLogger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

  it('exposes the command to the handler', () => {
    const ctx = createErasureContext(command, 'postgres', logger);
    expect(ctx).toMatchObject({
      requestId: 'req-1',
      taskId: 'task-1',
      commandId: 'cmd-1',
      attempt: 2,
      dryRun: true,
      dueAt: new Date('2025-04-01T10:00:00.000Z'),
    });
    expect(ctx.identities).toEqual(command.subject.identities);
  });

  it('lists the values of one identity type without duplicates', () => {
    const ctx = createErasureContext(command, 'postgres', logger);
    expect(ctx.valuesOf('email')).toEqual(['ada@example.org', 'ada.l@example.org']);
    expect(ctx.valuesOf('user_id')).toEqual(['u-1']);
    expect(ctx.valuesOf('phone')).toEqual([]);
  });

  it("gives each handler its own copy, so one handler cannot change another's view", () => {
    const first = createErasureContext(command, 'a', logger);
    first.identities[0].value = 'changed';
    first.identities.pop();
    const second = createErasureContext(command, 'b', logger);
    expect(second.identities).toEqual(command.subject.identities);
    expect(command.subject.identities[0].value).toBe('ada@example.org');
  });

  it('keeps a hashed identity with its format, out of valuesOf and usable through matches', () => {
    const digest = createHash('sha256').update('grace@example.org').digest('hex');
    const hashed = aCommand({
      subject: {
        identities: [
          { type: 'email', value: digest, format: 'sha256' },
          { type: 'email', value: 'ada@example.org' },
        ],
      },
    });
    const ctx = createErasureContext(hashed, 'postgres', logger);
    expect(ctx.identities[0]).toEqual({ type: 'email', value: digest, format: 'sha256' });
    expect(ctx.valuesOf('email')).toEqual(['ada@example.org']);
    expect(ctx.matches('email', 'Grace@Example.org')).toBe(true);
    expect(ctx.matches('email', 'ADA@example.org')).toBe(true);
    expect(ctx.matches('email', 'bob@example.org')).toBe(false);
    expect(ctx.matches('user_id', 'grace@example.org')).toBe(false);
  });

  it('binds the logger to the request, task and handler', () => {
    createErasureContext(command, 'postgres', logger).logger.info('deleting', { rows: 2 });
    expect(logger.info).toHaveBeenCalledWith('deleting', {
      requestId: 'req-1',
      taskId: 'task-1',
      handler: 'postgres',
      dryRun: true,
      rows: 2,
    });
  });
});
