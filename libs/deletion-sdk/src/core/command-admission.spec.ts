import { aCommand } from '../../test/factories/protocol-messages.factory';
import {
  AdmissionPolicy,
  checkAdmission,
  CommandRejectionCode,
  DEFAULT_MAX_CLOCK_SKEW_MS,
  DEFAULT_MAX_COMMAND_AGE_MS,
} from './command-admission';

const DAY = 24 * 60 * 60 * 1000;
const policy: AdmissionPolicy = {
  service: 'accounts',
  maxCommandAgeMs: DEFAULT_MAX_COMMAND_AGE_MS,
  maxClockSkewMs: DEFAULT_MAX_CLOCK_SKEW_MS,
};
const issued = new Date('2025-03-01T10:00:00.000Z');
const at = (offsetMs: number) => new Date(issued.getTime() + offsetMs);

describe(checkAdmission.name, () => {
  const command = aCommand({ issuedAt: issued.toISOString() });

  it('defaults to a 24-hour replay window and 5 minutes of clock skew', () => {
    expect(DEFAULT_MAX_COMMAND_AGE_MS).toBe(DAY);
    expect(DEFAULT_MAX_CLOCK_SKEW_MS).toBe(5 * 60 * 1000);
  });

  it('admits a fresh command for this service', () => {
    expect(checkAdmission(command, policy, at(1_000))).toBeUndefined();
  });

  it('admits a command up to the end of the window, a day by default', () => {
    expect(checkAdmission(command, policy, at(12 * 60 * 60 * 1000))).toBeUndefined();
    expect(checkAdmission(command, policy, at(DAY))).toBeUndefined();
  });

  it('admits a command a service finds after being down for days when its window is widened', () => {
    expect(checkAdmission(command, { ...policy, maxCommandAgeMs: 30 * DAY }, at(12 * DAY))).toBeUndefined();
  });

  it('rejects a command older than the window', () => {
    expect(checkAdmission(command, policy, at(DAY + 1))).toEqual({
      code: CommandRejectionCode.Stale,
      reason: 'issued at 2025-03-01T10:00:00.000Z, older than the 86400000 ms limit',
    });
  });

  it('allows clock skew into the future up to the allowance', () => {
    expect(checkAdmission(command, policy, at(-DEFAULT_MAX_CLOCK_SKEW_MS))).toBeUndefined();
  });

  it('rejects a command from further in the future', () => {
    expect(checkAdmission(command, policy, at(-DEFAULT_MAX_CLOCK_SKEW_MS - 1))).toEqual({
      code: CommandRejectionCode.FromTheFuture,
      reason: 'issued at 2025-03-01T10:00:00.000Z, more than 300000 ms in the future',
    });
  });

  it('compares instants, not strings, across time zone offsets', () => {
    const sameInstant = aCommand({ issuedAt: '2025-03-01T12:00:00.000+02:00' });
    expect(checkAdmission(sameInstant, { ...policy, maxCommandAgeMs: 1_000 }, at(500))).toBeUndefined();
  });

  it('rejects a command for another service before looking at its age', () => {
    const stale = aCommand({ service: 'orders', issuedAt: '2000-01-01T00:00:00Z' });
    expect(checkAdmission(stale, policy, issued)).toEqual({
      code: CommandRejectionCode.WrongService,
      reason: 'command is for service "orders", this is "accounts"',
    });
  });
});
