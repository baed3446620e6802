import { ReminderCandidate, reminderDue, reminderExpectedAt } from './task-reminder-rules';

const DAY = 86_400_000;
const dispatchedAt = new Date('2026-03-02T09:00:00Z');
const manual: ReminderCandidate = {
  status: 'dispatched',
  registration: 'manual',
  dispatchedAt,
  expectedAt: null,
  remindedFor: null,
};
const waiting: ReminderCandidate = {
  status: 'waiting',
  registration: 'webhook',
  dispatchedAt,
  expectedAt: new Date('2026-03-03T09:00:00Z'),
  remindedFor: null,
};

describe('task reminders', () => {
  it('expects a manual task the configured time after its dispatch', () => {
    expect(reminderExpectedAt(manual, 7 * DAY)).toEqual(new Date('2026-03-09T09:00:00Z'));
  });

  it('expects a waiting task when its target said', () => {
    expect(reminderExpectedAt(waiting, 7 * DAY)).toEqual(waiting.expectedAt);
  });

  it.each<[string, Partial<ReminderCandidate>]>([
    ['a dispatched SDK task (retries and ack timeouts handle it)', { registration: 'sdk' }],
    ['a dispatched task of an announced service', { registration: null }],
    ['a pending manual task', { status: 'pending' }],
    ['a settled manual task', { status: 'deleted' }],
    ['a manual task never dispatched', { dispatchedAt: null }],
  ])('owes no reminder for %s', (_case, change) => {
    expect(reminderExpectedAt({ ...manual, ...change }, 7 * DAY)).toBeNull();
    expect(reminderDue({ ...manual, ...change }, new Date('2027-01-01T00:00:00Z'), 7 * DAY)).toBeUndefined();
  });

  it('owes a reminder once the expected time has passed, not before', () => {
    expect(reminderDue(manual, new Date('2026-03-09T08:59:59Z'), 7 * DAY)).toBeUndefined();
    expect(reminderDue(manual, new Date('2026-03-09T09:00:00Z'), 7 * DAY)).toEqual(
      new Date('2026-03-09T09:00:00Z'),
    );
  });

  it('reminds once per expected time, and again when the target moves it', () => {
    const later = new Date('2026-03-10T00:00:00Z');
    const reminded = { ...waiting, remindedFor: waiting.expectedAt };
    expect(reminderDue(reminded, later, DAY)).toBeUndefined();
    const moved = { ...reminded, expectedAt: new Date('2026-03-05T00:00:00Z') };
    expect(reminderDue(moved, later, DAY)).toEqual(moved.expectedAt);
  });

  it('owes nothing for a waiting task without an expected time', () => {
    expect(
      reminderDue({ ...waiting, expectedAt: null }, new Date('2027-01-01T00:00:00Z'), DAY),
    ).toBeUndefined();
  });
});
