import {
  aVerificationCommand,
  aVerificationResult,
  asLoose,
} from '../../test/factories/protocol-messages.factory';
import { ProtocolError } from './protocol.errors';
import { parseVerificationCommand, parseVerificationResult } from './verification-validation';

describe('verification messages', () => {
  it('accepts a verify command with or without a task id', () => {
    expect(parseVerificationCommand(aVerificationCommand())).toEqual(aVerificationCommand());
    const { taskId: _taskId, ...withoutTask } = aVerificationCommand();
    expect(parseVerificationCommand(withoutTask)).toEqual(withoutTask);
  });

  it('refuses a verify command without identities, of another type, or with unknown fields', () => {
    expect(() => parseVerificationCommand(aVerificationCommand({ subject: { identities: [] } }))).toThrow(
      'subject.identities: must have at least 1 item(s)',
    );
    expect(() =>
      parseVerificationCommand({ ...asLoose(aVerificationCommand()), type: 'erasure.command' }),
    ).toThrow(ProtocolError);
    expect(() => parseVerificationCommand({ ...asLoose(aVerificationCommand()), dryRun: false })).toThrow(
      'dryRun: unknown field',
    );
  });

  it('requires findings exactly when the verdict is present', () => {
    expect(parseVerificationResult(aVerificationResult()).verdict).toBe('present');
    expect(() => parseVerificationResult(aVerificationResult({ findings: undefined }))).toThrow(
      'findings: is required when verdict is present',
    );
    expect(() => parseVerificationResult(aVerificationResult({ verdict: 'absent' }))).toThrow(
      'findings: only allowed when verdict is present',
    );
    expect(
      parseVerificationResult(aVerificationResult({ verdict: 'absent', findings: undefined })).verdict,
    ).toBe('absent');
  });

  it('requires an error exactly when the verdict is failed', () => {
    const failed = aVerificationResult({
      verdict: 'failed',
      findings: undefined,
      error: { code: 'NO_VERIFY_HANDLER', message: 'no verify handler registered' },
    });
    expect(parseVerificationResult(failed).error?.code).toBe('NO_VERIFY_HANDLER');
    expect(() => parseVerificationResult({ ...failed, error: undefined })).toThrow(
      'error: is required when verdict is failed',
    );
    expect(() =>
      parseVerificationResult(aVerificationResult({ error: { code: 'X', message: 'y' } })),
    ).toThrow('error: only allowed when verdict is failed');
  });

  it('refuses a finding with no records or an unknown verdict', () => {
    expect(() =>
      parseVerificationResult(aVerificationResult({ findings: [{ store: 'users', records: 0 }] })),
    ).toThrow('findings[0].records: must be between 1');
    expect(() => parseVerificationResult({ ...asLoose(aVerificationResult()), verdict: 'gone' })).toThrow(
      'verdict: expected one of absent, present, failed',
    );
  });
});
