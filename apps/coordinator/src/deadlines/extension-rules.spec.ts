import { endOfDayDaysAfter, endOfDayMonthsAfter, initialDueDate, REGULATIONS } from './deadline-policy';
import { checkExtension, ExtensionRequest, extensionNoticeDeadline } from './extension-policy';
import { EXTENSION_DAYS_ACCEPTED, extensionRule } from './extension-rules';

const DAY = 86_400_000;
const receivedAt = new Date('2027-06-15T09:30:00.000Z');

/** A first extension by `days`, made the day after receipt, judged by the policy the rules describe. */
function verdict(regulation: 'gdpr' | 'ccpa', days: number) {
  const request: ExtensionRequest = {
    regulation,
    receivedAt,
    currentDueAt: initialDueDate(regulation, receivedAt),
    alreadyExtended: false,
    days,
    reason: 'records are spread over several archives',
    now: new Date(receivedAt.getTime() + DAY),
    timeZone: 'UTC',
  };
  return checkExtension(request);
}

describe('extension-rules', () => {
  it('describes every regulation', () => {
    expect(REGULATIONS.map((regulation) => extensionRule(regulation).regulation)).toEqual([...REGULATIONS]);
  });

  it('says what the dashboard said before, in the law’s units', () => {
    expect(extensionRule('gdpr')).toMatchObject({
      times: 1,
      maxFurtherMonths: 2,
      maxMonthsFromReceipt: 3,
      maxFurtherDays: null,
      summary: 'GDPR allows one extension of up to two further months.',
    });
    expect(extensionRule('ccpa')).toMatchObject({
      times: 1,
      maxFurtherDays: 45,
      maxDaysFromReceipt: 90,
      maxFurtherMonths: null,
      summary: 'CCPA allows one extension of up to 45 days.',
    });
  });

  it('CCPA: the policy allows exactly the longest extension the rule names', () => {
    const { maxFurtherDays } = extensionRule('ccpa');
    expect(verdict('ccpa', maxFurtherDays as number)).toMatchObject({ allowed: true });
    expect(verdict('ccpa', (maxFurtherDays as number) + 1)).toMatchObject({
      allowed: false,
      refusal: 'beyond_limit',
    });
  });

  it('GDPR: the policy allows an extension up to the months from receipt the rule names, not a day more', () => {
    const rule = extensionRule('gdpr');
    const due = initialDueDate('gdpr', receivedAt).getTime();
    const limit = endOfDayMonthsAfter(receivedAt, rule.maxMonthsFromReceipt as number, 'UTC').getTime();
    const days = Math.round((limit - due) / DAY);
    expect(verdict('gdpr', days)).toMatchObject({ allowed: true, newDueAt: new Date(limit) });
    expect(verdict('gdpr', days + 1)).toMatchObject({ allowed: false, refusal: 'beyond_limit' });
  });

  it('names the notice period the policy enforces', () => {
    const noticeBy = (regulation: 'gdpr' | 'ccpa') =>
      extensionNoticeDeadline(regulation, receivedAt, 'UTC').getTime();
    expect(noticeBy('ccpa')).toBe(initialDueDate('ccpa', receivedAt).getTime());
    expect(noticeBy('ccpa')).toBe(
      endOfDayDaysAfter(receivedAt, extensionRule('ccpa').noticeWithinDays as number, 'UTC').getTime(),
    );
    expect(noticeBy('gdpr')).toBe(
      endOfDayMonthsAfter(receivedAt, extensionRule('gdpr').noticeWithinMonths as number, 'UTC').getTime(),
    );
  });

  it('accepts more days on input than any single extension, so the law gives the reason for a refusal', () => {
    expect(EXTENSION_DAYS_ACCEPTED.min).toBe(1);
    expect(EXTENSION_DAYS_ACCEPTED.max).toBeGreaterThan(extensionRule('ccpa').maxFurtherDays as number);
    // three months from receipt are never more than 92 days
    expect(EXTENSION_DAYS_ACCEPTED.max).toBe(92);
  });
});
