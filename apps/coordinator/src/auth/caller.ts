import { Role } from './role';

/** Who is calling, as the guard established it: the actor recorded in the audit ledger and the role it holds. */
export interface AuthenticatedCaller {
  actor: string;
  role: Role;
  /** The stored key's id; null for the bootstrap key from LETHE_ADMIN_API_KEY. */
  keyId: string | null;
}

export const BOOTSTRAP_KEY_NAME = 'bootstrap';

const ACTOR_PREFIX = 'api-key:';
/** Actors are stored in varchar(100) columns (audit_events.actor, erasure_requests.created_by). */
const ACTOR_MAX_LENGTH = 100;
export const API_KEY_NAME_MAX_LENGTH = ACTOR_MAX_LENGTH - ACTOR_PREFIX.length;
/** Printable, without leading or trailing space: names end up in the audit ledger and in logs. */
export const API_KEY_NAME_PATTERN = /^[^\p{C}\s](?:[^\p{C}]*[^\p{C}\s])?$/u;

export function apiKeyActor(name: string): string {
  return `${ACTOR_PREFIX}${name}`;
}

export const BOOTSTRAP_CALLER: AuthenticatedCaller = {
  actor: apiKeyActor(BOOTSTRAP_KEY_NAME),
  role: 'admin',
  keyId: null,
};

export function isReservedKeyName(name: string): boolean {
  return name.toLowerCase() === BOOTSTRAP_KEY_NAME;
}
