import type { ErasureCommand, ErasureResult, ServiceAnnouncement } from '../../src/protocol/messages';
import type { VerificationCommand, VerificationResult } from '../../src/protocol/verification-messages';

// Deliberately literal (no randomness) so failures print comparable messages.

export function aCommand(overrides: Partial<ErasureCommand> = {}): ErasureCommand {
  return {
    v: 1,
    type: 'erasure.command',
    id: 'cmd-1',
    requestId: 'req-1',
    taskId: 'task-1',
    service: 'accounts',
    attempt: 1,
    issuedAt: '2025-03-01T10:00:00.000Z',
    dueAt: '2025-04-01T10:00:00.000Z',
    dryRun: false,
    subject: { identities: [{ type: 'email', value: 'ada@example.org' }] },
    ...overrides,
  };
}

export function aResult(overrides: Partial<ErasureResult> = {}): ErasureResult {
  return {
    v: 1,
    type: 'erasure.result',
    id: 'res-1',
    requestId: 'req-1',
    taskId: 'task-1',
    service: 'accounts',
    attempt: 1,
    outcome: 'deleted',
    recordsAffected: 3,
    completedAt: '2025-03-01T10:00:05.000Z',
    sdkVersion: '0.1.0',
    ...overrides,
  };
}

export function anAnnouncement(overrides: Partial<ServiceAnnouncement> = {}): ServiceAnnouncement {
  return {
    v: 1,
    type: 'service.announce',
    service: 'accounts',
    instanceId: 'host-1-1234',
    identityTypes: ['email', 'user_id'],
    dataCategories: ['account', 'profile'],
    sdkVersion: '0.1.0',
    at: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}

export function aVerificationCommand(overrides: Partial<VerificationCommand> = {}): VerificationCommand {
  return {
    v: 1,
    type: 'erasure.verify',
    id: 'ver-1',
    requestId: 'req-1',
    taskId: 'task-1',
    service: 'accounts',
    issuedAt: '2025-03-02T10:00:00.000Z',
    subject: { identities: [{ type: 'email', value: 'ada@example.org' }] },
    ...overrides,
  };
}

export function aVerificationResult(overrides: Partial<VerificationResult> = {}): VerificationResult {
  return {
    v: 1,
    type: 'erasure.verify_result',
    id: 'ver-1',
    requestId: 'req-1',
    service: 'accounts',
    verdict: 'present',
    findings: [{ store: 'users', records: 1 }],
    checkedAt: '2025-03-02T10:00:01.000Z',
    sdkVersion: '0.1.0',
    ...overrides,
  };
}

/** A JSON round-trip, so tests can add, delete and mistype fields the types would forbid. */
export function asLoose<T>(message: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(message)) as Record<string, unknown>;
}
