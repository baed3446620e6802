import { isRole, requiredRole, Role, roleIncludes, ROLES } from './role';

describe('role policy', () => {
  describe(roleIncludes.name, () => {
    const table: [Role, Role, boolean][] = [
      ['admin', 'admin', true],
      ['admin', 'operator', true],
      ['admin', 'auditor', true],
      ['operator', 'admin', false],
      ['operator', 'operator', true],
      ['operator', 'auditor', true],
      ['auditor', 'admin', false],
      ['auditor', 'operator', false],
      ['auditor', 'auditor', true],
      ['admin', 'opendsr', true],
      ['operator', 'opendsr', false],
      ['auditor', 'opendsr', false],
      ['opendsr', 'opendsr', true],
      ['opendsr', 'admin', false],
      ['opendsr', 'operator', false],
      ['opendsr', 'auditor', false],
    ];

    it('covers every pair of roles', () => {
      expect(table).toHaveLength(ROLES.length ** 2);
    });

    it.each(table)('%s includes %s: %s', (held, needed, expected) => {
      expect(roleIncludes(held, needed)).toBe(expected);
    });
  });

  describe(requiredRole.name, () => {
    it.each(['GET', 'HEAD', 'get', 'head'])('lets an auditor %s', (method) => {
      expect(requiredRole(method)).toBe('auditor');
    });

    it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'post'])('needs an operator to %s', (method) => {
      expect(requiredRole(method)).toBe('operator');
    });

    it.each([
      ['GET', 'admin'],
      ['POST', 'admin'],
      ['DELETE', 'admin'],
      ['POST', 'auditor'],
    ] as const)('uses the declared role for %s when one is declared (%s)', (method, declared) => {
      expect(requiredRole(method, declared)).toBe(declared);
    });
  });

  describe(isRole.name, () => {
    it.each(ROLES)('accepts %s', (role) => expect(isRole(role)).toBe(true));

    it.each(['Admin', 'root', '', undefined, 1])('rejects %j', (value) => expect(isRole(value)).toBe(false));
  });
});
