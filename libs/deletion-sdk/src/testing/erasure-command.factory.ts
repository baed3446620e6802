import { randomUUID } from 'node:crypto';
import type { SubjectIdentity } from '../protocol/identity';
import type { ErasureCommand } from '../protocol/messages';
import { parseErasureCommand } from '../protocol/validation';
import type { VerificationCommand } from '../protocol/verification-messages';
import { parseVerificationCommand } from '../protocol/verification-validation';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

/** Fields of a command a test usually cares about; everything else gets a valid default. */
export type ErasureCommandOverrides = Partial<Omit<ErasureCommand, 'v' | 'type' | 'subject'>> & {
  identities?: SubjectIdentity[];
};

/**
 * Builds a valid `ErasureCommand` for `service` — unique ids, issued now, due in 30 days, one email identity —
 * and checks it against the protocol schema, so a test cannot accidentally exercise an impossible command.
 */
export function buildErasureCommand(
  service: string,
  overrides: ErasureCommandOverrides = {},
  now = new Date(),
): ErasureCommand {
  const { identities = [{ type: 'email', value: 'subject@example.org' }], ...fields } = overrides;
  const command: ErasureCommand = {
    v: 1,
    type: 'erasure.command',
    id: randomUUID(),
    requestId: randomUUID(),
    taskId: randomUUID(),
    service,
    attempt: 1,
    issuedAt: now.toISOString(),
    dueAt: new Date(now.getTime() + THIRTY_DAYS_MS).toISOString(),
    dryRun: false,
    ...fields,
    subject: { identities },
  };
  return parseErasureCommand(command);
}

/** Builds a valid `erasure.verify` command for `service`, issued now, for one email identity unless given. */
export function buildVerificationCommand(
  service: string,
  identities: SubjectIdentity[] = [{ type: 'email', value: 'subject@example.org' }],
  now = new Date(),
): VerificationCommand {
  return parseVerificationCommand({
    v: 1,
    type: 'erasure.verify',
    id: randomUUID(),
    requestId: randomUUID(),
    service,
    issuedAt: now.toISOString(),
    subject: { identities },
  });
}
