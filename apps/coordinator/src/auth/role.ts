/**
 * API key roles and the access policy (DESIGN §4), kept free of Nest so it can be tested exhaustively.
 * Each role includes the ones before it: admin ⊇ operator ⊇ auditor.
 */
export const ROLES = ['auditor', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const READ_METHODS = new Set(['GET', 'HEAD']);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleIncludes(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

/**
 * The role a route needs: the one declared with @RequireRole() when there is one, otherwise `auditor` to read
 * (GET, HEAD) and `operator` for anything that changes state.
 */
export function requiredRole(method: string, declared?: Role): Role {
  if (declared) return declared;
  return READ_METHODS.has(method.toUpperCase()) ? 'auditor' : 'operator';
}
