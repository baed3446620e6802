/**
 * API key roles and the access policy (DESIGN §4), kept free of Nest so it can be tested exhaustively.
 * The staff roles include the ones before them: admin ⊇ operator ⊇ auditor. `opendsr` stands apart: it is the
 * key an OpenDSR controller (a privacy platform) holds, good for the OpenDSR routes and nothing else, and those
 * routes accept only it and admin.
 */
const STAFF_ROLES = ['auditor', 'operator', 'admin'] as const;
export const ROLES = [...STAFF_ROLES, 'opendsr'] as const;
export type Role = (typeof ROLES)[number];

const READ_METHODS = new Set(['GET', 'HEAD']);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleIncludes(held: Role, needed: Role): boolean {
  if (held === 'opendsr' || needed === 'opendsr') return held === needed || held === 'admin';
  return STAFF_ROLES.indexOf(held) >= STAFF_ROLES.indexOf(needed);
}

/**
 * The role a route needs: the one declared with @RequireRole() when there is one, otherwise `auditor` to read
 * (GET, HEAD) and `operator` for anything that changes state.
 */
export function requiredRole(method: string, declared?: Role): Role {
  if (declared) return declared;
  return READ_METHODS.has(method.toUpperCase()) ? 'auditor' : 'operator';
}
