import { ProtocolError, ProtocolErrorCode } from '@lethe/deletion-sdk';
import {
  anAnnouncement,
  aResult,
} from '../../../../libs/deletion-sdk/test/factories/protocol-messages.factory';
import {
  announcementLedgerProblems,
  assertFitsLedger,
  MAX_RECORDS_AFFECTED,
  resultLedgerProblems,
} from './ledger-fit';

const REQUEST_ID = '6f1c1a52-8c1e-4a8e-9d4e-6a1f0c9b2d11';
const TASK_ID = '0b9e2f7a-3d4c-4f1e-8a6b-5c7d9e0f1a2b';

describe(resultLedgerProblems.name, () => {
  const fitting = aResult({ requestId: REQUEST_ID, taskId: TASK_ID });

  it('accepts a result the ledger can store', () => {
    expect(resultLedgerProblems(fitting)).toEqual([]);
    expect(resultLedgerProblems({ ...fitting, recordsAffected: MAX_RECORDS_AFFECTED })).toEqual([]);
  });

  it('refuses ids the coordinator never issued, counts beyond an integer column, and NUL characters', () => {
    expect(resultLedgerProblems({ ...fitting, requestId: 'req-1' })).toEqual([
      'requestId: must be a request id this coordinator issued',
    ]);
    expect(resultLedgerProblems({ ...fitting, taskId: 'x' })).toEqual([
      'taskId: must be a task id this coordinator issued',
    ]);
    expect(resultLedgerProblems({ ...fitting, recordsAffected: MAX_RECORDS_AFFECTED + 1 })).toEqual([
      `recordsAffected: must be at most ${MAX_RECORDS_AFFECTED}`,
    ]);
    expect(
      resultLedgerProblems({
        ...fitting,
        outcome: 'failed',
        error: { code: 'E', message: 'a\u0000b', retriable: true },
      }),
    ).toEqual(['error.message: must not contain a NUL character']);
  });

  it('refuses an unpaired surrogate, which jsonb refuses, and keeps a paired one (an emoji)', () => {
    const withNote = (note: string) => ({ ...fitting, retention: { basis: 'tax', note } });
    expect(resultLedgerProblems(withNote('kept \ud83d\ude00'))).toEqual([]);
    expect(resultLedgerProblems(withNote('half \ud800 pair'))).toEqual([
      'retention.note: must not contain an unpaired surrogate',
    ]);
    expect(resultLedgerProblems(withNote('\udc00 first'))).toEqual([
      'retention.note: must not contain an unpaired surrogate',
    ]);
  });
});

describe(announcementLedgerProblems.name, () => {
  it('refuses a NUL anywhere in an announcement', () => {
    expect(announcementLedgerProblems(anAnnouncement())).toEqual([]);
    expect(announcementLedgerProblems(anAnnouncement({ instanceId: 'i\u0000' }))).toEqual([
      'instanceId: must not contain a NUL character',
    ]);
  });
});

describe(assertFitsLedger.name, () => {
  it('throws a schema violation naming every problem, so the message is dead-lettered', () => {
    expect(() => assertFitsLedger('erasure.result', [])).not.toThrow();
    let thrown: unknown;
    try {
      assertFitsLedger('erasure.result', ['a: x', 'b: y']);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProtocolError);
    expect(thrown).toMatchObject({
      code: ProtocolErrorCode.SchemaViolation,
      message: 'invalid erasure.result: a: x; b: y',
      issues: ['a: x', 'b: y'],
    });
  });
});
