import { addCalendarMonths, addDays, Regulation } from './deadline-policy';

/**
 * Whether the law allows extending a request's deadline. GDPR Art. 12(3): once, by up to two further months,
 * with reasons; CCPA §1798.130(a)(2): once, by up to 45 further days, with notice. Pure.
 */
export interface ExtensionRequest {
  regulation: Regulation;
  initialDueAt: Date;
  currentDueAt: Date;
  alreadyExtended: boolean;
  days: number;
  reason: string;
}

export type ExtensionVerdict = { allowed: true; newDueAt: Date } | { allowed: false; reason: string };

export const CCPA_MAX_EXTENSION_DAYS = 45;

export function checkExtension(request: ExtensionRequest): ExtensionVerdict {
  const { regulation, initialDueAt, currentDueAt, alreadyExtended, days, reason } = request;
  if (alreadyExtended) return refuse(`a ${regulation.toUpperCase()} deadline can be extended only once`);
  if (!Number.isInteger(days) || days < 1) return refuse('days must be a whole number of at least 1');
  if (!reason.trim())
    return refuse('an extension needs a reason, which is recorded and owed to the data subject');
  const newDueAt = addDays(currentDueAt, days);
  switch (regulation) {
    case 'gdpr': {
      const limit = addCalendarMonths(initialDueAt, 2);
      if (newDueAt.getTime() > limit.getTime()) {
        return refuse(
          `GDPR allows at most two further months: the latest due date is ${limit.toISOString()}`,
        );
      }
      return { allowed: true, newDueAt };
    }
    case 'ccpa':
      if (days > CCPA_MAX_EXTENSION_DAYS) {
        return refuse(`CCPA allows at most ${CCPA_MAX_EXTENSION_DAYS} further days`);
      }
      return { allowed: true, newDueAt };
  }
}

function refuse(reason: string): ExtensionVerdict {
  return { allowed: false, reason };
}
