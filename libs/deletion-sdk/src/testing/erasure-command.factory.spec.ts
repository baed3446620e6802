import { ProtocolError } from '../protocol/protocol.errors';
import { buildErasureCommand } from './erasure-command.factory';

describe(buildErasureCommand.name, () => {
  const now = new Date('2025-03-01T10:00:00.000Z');

  it('builds a valid command issued now and due in 30 days', () => {
    expect(buildErasureCommand('accounts', {}, now)).toEqual({
      v: 1,
      type: 'erasure.command',
      id: expect.any(String),
      requestId: expect.any(String),
      taskId: expect.any(String),
      service: 'accounts',
      attempt: 1,
      issuedAt: '2025-03-01T10:00:00.000Z',
      dueAt: '2025-03-31T10:00:00.000Z',
      dryRun: false,
      subject: { identities: [{ type: 'email', value: 'subject@example.org' }] },
    });
  });

  it('gives every command its own ids', () => {
    const [a, b] = [buildErasureCommand('accounts'), buildErasureCommand('accounts')];
    expect(new Set([a.id, a.requestId, a.taskId, b.id, b.requestId, b.taskId]).size).toBe(6);
  });

  it('applies overrides', () => {
    const identities = [{ type: 'user_id' as const, value: 'u-1' }];
    expect(buildErasureCommand('cart', { identities, attempt: 3, dryRun: true, taskId: 't' })).toMatchObject({
      service: 'cart',
      attempt: 3,
      dryRun: true,
      taskId: 't',
      subject: { identities },
    });
  });

  it('refuses to build an invalid command', () => {
    expect(() => buildErasureCommand('cart', { attempt: 0 })).toThrow(ProtocolError);
    expect(() => buildErasureCommand('Cart')).toThrow(ProtocolError);
  });
});
