import { aCommand, anAnnouncement, aResult, asLoose } from '../../test/factories/protocol-messages.factory';
import { IDENTITY_TYPES } from './identity';
import { ProtocolError, ProtocolErrorCode } from './protocol.errors';
import { parseErasureCommand, parseErasureResult, parseServiceAnnouncement } from './validation';

/** The issues a parse reports, or [] when it accepts the value. */
function issuesOf(parse: (value: unknown) => unknown, value: unknown): string[] {
  try {
    parse(value);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    const error = err as ProtocolError;
    expect(error.code).toBe(ProtocolErrorCode.SchemaViolation);
    expect(error.retriable).toBe(false);
    return error.issues;
  }
}

describe('validation', () => {
  describe(parseErasureCommand.name, () => {
    it('accepts a valid command and returns it unchanged', () => {
      const command = aCommand();
      expect(parseErasureCommand(asLoose(command))).toEqual(command);
    });

    it('accepts every identity type and up to 50 identities', () => {
      const identities = IDENTITY_TYPES.map((type) => ({ type, value: `${type}-value` }));
      expect(issuesOf(parseErasureCommand, aCommand({ subject: { identities } }))).toEqual([]);
      const fifty = Array.from({ length: 50 }, (_, i) => ({ type: 'user_id' as const, value: `u${i}` }));
      expect(issuesOf(parseErasureCommand, aCommand({ subject: { identities: fifty } }))).toEqual([]);
    });

    it('accepts a hashed identity with its format', () => {
      const identities = [{ type: 'email' as const, value: 'a'.repeat(64), format: 'sha256' as const }];
      expect(issuesOf(parseErasureCommand, aCommand({ subject: { identities } }))).toEqual([]);
    });

    it('names the message type and every issue in the error message', () => {
      expect(() => parseErasureCommand({ ...asLoose(aCommand()), attempt: 0, dryRun: 'no' })).toThrow(
        'invalid erasure.command: attempt: must be between 1 and 1000; dryRun: expected boolean, got string',
      );
    });

    it.each([
      ['v', { v: 2 }, 'v: expected one of 1'],
      ['type', { type: 'erasure.result' }, 'type: expected one of erasure.command'],
      ['id', { id: '' }, 'id: must have at least 1 characters'],
      ['long id', { id: 'x'.repeat(129) }, 'id: must have at most 128 characters'],
      ['service', { service: 'Accounts' }, 'service: must match ^[a-z][a-z0-9-]{0,62}$'],
      ['attempt 0', { attempt: 0 }, 'attempt: must be between 1 and 1000'],
      ['attempt 1001', { attempt: 1001 }, 'attempt: must be between 1 and 1000'],
      ['fractional attempt', { attempt: 1.5 }, 'attempt: expected integer, got number'],
      ['issuedAt', { issuedAt: 'yesterday' }, 'issuedAt: expected an ISO-8601 timestamp'],
      ['impossible dueAt', { dueAt: '2025-02-30T00:00:00Z' }, 'dueAt: expected an ISO-8601 timestamp'],
      ['dryRun', { dryRun: 'false' }, 'dryRun: expected boolean, got string'],
      ['no identities', { subject: { identities: [] } }, 'subject.identities: must have at least 1 item(s)'],
      [
        'unknown identity type',
        { subject: { identities: [{ type: 'ssn', value: '1' }] } },
        `subject.identities[0].type: expected one of ${IDENTITY_TYPES.join(', ')}`,
      ],
      [
        'empty identity value',
        { subject: { identities: [{ type: 'email', value: '' }] } },
        'subject.identities[0].value: must have at least 1 characters',
      ],
      [
        'too long identity value',
        { subject: { identities: [{ type: 'email', value: 'x'.repeat(513) }] } },
        'subject.identities[0].value: must have at most 512 characters',
      ],
      [
        'unknown identity field',
        { subject: { identities: [{ type: 'email', value: 'a@b.c', hash: 'x' }] } },
        'subject.identities[0].hash: unknown field',
      ],
      [
        'unknown identity format',
        { subject: { identities: [{ type: 'email', value: 'ab', format: 'sha512' }] } },
        'subject.identities[0].format: expected one of sha256, sha1, md5',
      ],
      ['unknown top-level field', { priority: 'high' }, 'priority: unknown field'],
      [
        'unknown subject field',
        { subject: { identities: [{ type: 'email', value: 'a' }], name: 'Ada' } },
        'subject.name: unknown field',
      ],
    ])('rejects a bad %s', (_label, patch, issue) => {
      expect(issuesOf(parseErasureCommand, { ...asLoose(aCommand()), ...patch })).toEqual([issue]);
    });

    it('rejects 51 identities', () => {
      const identities = Array.from({ length: 51 }, (_, i) => ({ type: 'user_id' as const, value: `u${i}` }));
      expect(issuesOf(parseErasureCommand, aCommand({ subject: { identities } }))).toEqual([
        'subject.identities: must have at most 50 items',
      ]);
    });

    it.each(['id', 'requestId', 'taskId', 'service', 'attempt', 'issuedAt', 'dueAt', 'dryRun', 'subject'])(
      'requires %s',
      (field) => {
        const command = asLoose(aCommand());
        delete command[field];
        expect(issuesOf(parseErasureCommand, command)).toEqual([`${field}: is required`]);
      },
    );

    it.each([null, [], 'command', 42])('rejects the non-object %p', (value) => {
      expect(issuesOf(parseErasureCommand, value)).toHaveLength(1);
    });
  });

  describe(parseErasureResult.name, () => {
    it.each([
      ['deleted', aResult()],
      ['deleted with 0 records', aResult({ recordsAffected: 0 })],
      ['not_found', aResult({ outcome: 'not_found', recordsAffected: 0 })],
      [
        'retained with a note',
        aResult({ outcome: 'retained', retention: { basis: 'tax-law', note: 'invoices, 10y' } }),
      ],
      ['retained without a note', aResult({ outcome: 'retained', retention: { basis: 'tax-law' } })],
      [
        'failed',
        aResult({ outcome: 'failed', error: { code: 'DB_DOWN', message: 'timeout', retriable: true } }),
      ],
      [
        'failed with partial progress',
        aResult({
          outcome: 'failed',
          recordsAffected: 2,
          error: { code: 'X', message: 'y', retriable: false },
        }),
      ],
    ])('accepts %s', (_label, result) => {
      expect(issuesOf(parseErasureResult, asLoose(result))).toEqual([]);
    });

    it.each([
      [
        'retained without retention',
        aResult({ outcome: 'retained' }),
        'retention: is required when outcome is retained',
      ],
      ['failed without error', aResult({ outcome: 'failed' }), 'error: is required when outcome is failed'],
      [
        'error on a success',
        aResult({ error: { code: 'X', message: 'y', retriable: true } }),
        'error: only allowed when outcome is failed',
      ],
      [
        'retention on a deletion',
        aResult({ retention: { basis: 'tax-law' } }),
        'retention: only allowed when outcome is retained',
      ],
      [
        'records on not_found',
        aResult({ outcome: 'not_found', recordsAffected: 1 }),
        'recordsAffected: must be 0 when outcome is not_found',
      ],
    ])('rejects %s', (_label, result, issue) => {
      expect(issuesOf(parseErasureResult, asLoose(result))).toEqual([issue]);
    });

    it.each([
      ['outcome', { outcome: 'erased' }, 'outcome: expected one of deleted, not_found, retained, failed'],
      [
        'recordsAffected',
        { recordsAffected: -1 },
        `recordsAffected: must be between 0 and ${Number.MAX_SAFE_INTEGER}`,
      ],
      [
        'completedAt',
        { completedAt: '2025-03-01T10:00:00.000' },
        'completedAt: expected an ISO-8601 timestamp',
      ],
      ['sdkVersion', { sdkVersion: '' }, 'sdkVersion: must have at least 1 characters'],
      [
        'retention basis',
        { outcome: 'retained', retention: { basis: '' } },
        'retention.basis: must have at least 1 characters',
      ],
      [
        'retention field',
        { outcome: 'retained', retention: { basis: 'x', until: '2030' } },
        'retention.until: unknown field',
      ],
      [
        'error without retriable',
        { outcome: 'failed', error: { code: 'X', message: 'y' } },
        'error.retriable: is required',
      ],
      ['unknown field', { durationMs: 5 }, 'durationMs: unknown field'],
    ])('rejects a bad %s without the outcome rules piling on', (_label, patch, issue) => {
      expect(issuesOf(parseErasureResult, { ...asLoose(aResult()), ...patch })).toEqual([issue]);
    });
  });

  describe(parseServiceAnnouncement.name, () => {
    it('accepts a valid announcement, also with no data categories', () => {
      expect(issuesOf(parseServiceAnnouncement, asLoose(anAnnouncement()))).toEqual([]);
      expect(issuesOf(parseServiceAnnouncement, asLoose(anAnnouncement({ dataCategories: [] })))).toEqual([]);
    });

    it.each([
      ['no identity types', { identityTypes: [] }, 'identityTypes: must have at least 1 item(s)'],
      [
        'an unknown identity type',
        { identityTypes: ['email', 'ssn'] },
        `identityTypes[1]: expected one of ${IDENTITY_TYPES.join(', ')}`,
      ],
      [
        'an empty data category',
        { dataCategories: [''] },
        'dataCategories[0]: must have at least 1 characters',
      ],
      ['a bad timestamp', { at: 'now' }, 'at: expected an ISO-8601 timestamp'],
      ['a bad service', { service: 'no_such' }, 'service: must match ^[a-z][a-z0-9-]{0,62}$'],
      ['an unknown field', { region: 'eu' }, 'region: unknown field'],
    ])('rejects %s', (_label, patch, issue) => {
      expect(issuesOf(parseServiceAnnouncement, { ...asLoose(anAnnouncement()), ...patch })).toEqual([issue]);
    });
  });
});
