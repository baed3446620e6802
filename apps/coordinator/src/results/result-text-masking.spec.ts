import { ErasureResult } from '@lethe/deletion-sdk/protocol';
import { maskResultText } from './result-text-masking';

const base: ErasureResult = {
  v: 1,
  type: 'erasure.result',
  id: '6f0e7c1a-2b7d-4c59-9d7e-0a3c1b2d4e5f',
  requestId: 'b1f7c3a2-5d4e-4f60-8a9b-1c2d3e4f5a6b',
  taskId: 'c2a8d4b3-6e5f-4a71-9bac-2d3e4f5a6b7c',
  service: 'orders',
  attempt: 2,
  outcome: 'retained',
  recordsAffected: 3,
  completedAt: '2025-03-01T10:00:00.000Z',
  sdkVersion: '0.1.0',
};

describe(maskResultText.name, () => {
  it('masks addresses and numbers in a retention note and basis', () => {
    const masked = maskResultText({
      ...base,
      retention: {
        basis: 'tax law (ask dpo@shop.example)',
        note: 'invoice of ada@example.org, +44 20 7946 0958',
      },
    });
    expect(masked.retention).toEqual({
      basis: 'tax law (ask [redacted-email])',
      note: 'invoice of [redacted-email], [redacted-phone]',
    });
  });

  it('masks an error message and keeps its code and retriability', () => {
    const masked = maskResultText({
      ...base,
      outcome: 'failed',
      error: { code: 'HANDLER_FAILED', message: 'pg: no row for 415-555-2671', retriable: true },
    });
    expect(masked.error).toEqual({
      code: 'HANDLER_FAILED',
      message: 'pg: no row for [redacted-phone]',
      retriable: true,
    });
  });

  it('keeps every id, time and count as it is, and leaves the input untouched', () => {
    const input = { ...base, retention: { basis: 'legal_obligation' } };
    const masked = maskResultText(input);
    expect(masked).toEqual(input);
    expect(masked).not.toBe(input);
    const withNote = { ...base, retention: { basis: 'b', note: 'a@example.org' } };
    maskResultText(withNote);
    expect(withNote.retention.note).toBe('a@example.org');
  });
});
