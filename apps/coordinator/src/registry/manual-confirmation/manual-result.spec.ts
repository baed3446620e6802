import { parseErasureResult } from '@lethe/deletion-sdk';
import { TASK_STATUSES, TaskStatus } from '../../tasks/task-lifecycle';
import { RegistryErrorCode } from '../registry.exception';
import {
  ConfirmableTask,
  confirmationProblems,
  MANUAL_OUTCOMES,
  ManualConfirmation,
  manualResult,
  refuseConfirmation,
} from './manual-result';

const task = (status: TaskStatus = 'dispatched', attempts = 2): ConfirmableTask => ({
  id: 'b1d7c0de-0000-4000-8000-000000000001',
  requestId: 'b1d7c0de-0000-4000-8000-000000000002',
  service: 'legacy-crm',
  status,
  attempts,
});

const RETENTION = { basis: 'legal_obligation', note: 'invoices are kept 10 years' };
const VALID: Record<(typeof MANUAL_OUTCOMES)[number], ManualConfirmation> = {
  deleted: { outcome: 'deleted', recordsAffected: 4 },
  not_found: { outcome: 'not_found', recordsAffected: 0 },
  retained: { outcome: 'retained', recordsAffected: 1, retention: RETENTION },
};

describe('manual-result', () => {
  describe(confirmationProblems.name, () => {
    it.each(MANUAL_OUTCOMES)('accepts a consistent %s confirmation', (outcome) => {
      expect(confirmationProblems(VALID[outcome])).toEqual([]);
    });

    it.each<[string, ManualConfirmation, string]>([
      [
        'retained without a retention basis',
        { outcome: 'retained', recordsAffected: 1 },
        'retention {basis, note} is required when the outcome is retained',
      ],
      [
        'a retention basis for a deletion',
        { outcome: 'deleted', recordsAffected: 1, retention: RETENTION },
        'retention is only allowed when the outcome is retained',
      ],
      [
        'records affected when nothing was found',
        { outcome: 'not_found', recordsAffected: 2 },
        'recordsAffected must be 0 when the outcome is not_found',
      ],
    ])('rejects %s', (_case, confirmation, problem) => {
      expect(confirmationProblems(confirmation)).toEqual([problem]);
    });
  });

  describe(refuseConfirmation.name, () => {
    it.each(['dispatched', 'failed'] as const)('allows a %s task of a manual service', (status) => {
      expect(refuseConfirmation(task(status), 'manual')).toBeUndefined();
    });

    it.each([['sdk'], [null]] as const)('refuses a service registered as %s', (registration) => {
      expect(refuseConfirmation(task(), registration)).toMatchObject({
        code: RegistryErrorCode.ServiceNotManual,
      });
    });

    it.each(TASK_STATUSES.filter((s) => ['deleted', 'not_found', 'retained', 'cancelled'].includes(s)))(
      'refuses a task that is already %s',
      (status) => {
        expect(refuseConfirmation(task(status), 'manual')).toEqual({
          code: RegistryErrorCode.TaskAlreadySettled,
          reason: `the task of legacy-crm is already ${status}`,
        });
      },
    );

    it('refuses a task that was never dispatched, as something to retry', () => {
      expect(refuseConfirmation(task('pending', 0), 'manual')).toMatchObject({
        code: RegistryErrorCode.TaskNotDispatched,
      });
    });
  });

  describe(manualResult.name, () => {
    const at = new Date('2027-01-15T09:31:00.000Z');

    it.each(MANUAL_OUTCOMES)('builds a %s result the protocol accepts, for the latest attempt', (outcome) => {
      const result = manualResult(VALID[outcome], task('dispatched', 2), 'result-1', at);
      expect(parseErasureResult(result)).toBe(result);
      expect(result).toMatchObject({
        requestId: task().requestId,
        taskId: task().id,
        service: 'legacy-crm',
        attempt: 2,
        outcome,
        completedAt: '2027-01-15T09:31:00.000Z',
        sdkVersion: 'manual',
      });
    });

    it('carries the retention basis and note, and omits a missing note', () => {
      expect(manualResult(VALID.retained, task(), 'r', at).retention).toEqual(RETENTION);
      const bare = manualResult({ ...VALID.retained, retention: { basis: 'tax' } }, task(), 'r', at);
      expect(bare.retention).toEqual({ basis: 'tax' });
      expect(manualResult(VALID.deleted, task(), 'r', at)).not.toHaveProperty('retention');
    });
  });
});
