import { EnvReader } from '@lethe/config';

/** Webhook and OpenDSR targets (docs/targets.md). */
export interface TargetSettings {
  /** Host patterns target URLs may point at (`crm.example.com`, `*.example.com`, `10.0.0.7`); empty: public https only. */
  urlAllowlist: string[];
  /** How often the target dispatcher looks in PostgreSQL for commands to post, statuses to poll and overdue waits. */
  pollIntervalMs: number;
  /** How long one call to a target may take before it counts as a failed (retriable) dispatch. */
  requestTimeoutMs: number;
  /** How far a signed callback's timestamp may be from the coordinator's clock. */
  callbackWindowMs: number;
  /** How long after the last poll a waiting task's status URL is polled again. */
  statusPollIntervalMs: number;
  /** Grace after a target's expected completion time before its deadline policy applies. */
  waitGraceMs: number;
  /** How long a person is expected to take with a manual task after it was dispatched; then they are reminded. */
  manualTaskExpectedMs: number;
  /** How often the coordinator looks for manual and waiting tasks past their expected time, to remind. */
  reminderPollIntervalMs: number;
}

const HOST_PATTERN =
  /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$|^\[?[0-9a-f:.]+\]?$/i;

export function loadTargetSettings(read: EnvReader): TargetSettings {
  const settings: TargetSettings = {
    urlAllowlist: read.optionalList('LETHE_TARGET_URL_ALLOWLIST').map((host) => host.toLowerCase()),
    pollIntervalMs: read.int('LETHE_TARGET_POLL_INTERVAL_MS', 1000, { min: 10, max: 60_000 }),
    requestTimeoutMs: read.int('LETHE_TARGET_REQUEST_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
    callbackWindowMs: read.int('LETHE_TARGET_CALLBACK_WINDOW_MS', 5 * 60_000, { min: 1000 }),
    statusPollIntervalMs: read.int('LETHE_TARGET_STATUS_POLL_INTERVAL_MS', 60_000, { min: 50 }),
    waitGraceMs: read.int('LETHE_TARGET_WAIT_GRACE_MS', 15 * 60_000, { min: 0 }),
    manualTaskExpectedMs: read.int('LETHE_MANUAL_TASK_EXPECTED_MS', 7 * 24 * 60 * 60_000, { min: 1000 }),
    reminderPollIntervalMs: read.int('LETHE_TASK_REMINDER_POLL_INTERVAL_MS', 60_000, {
      min: 50,
      max: 3_600_000,
    }),
  };
  for (const host of settings.urlAllowlist) {
    if (!HOST_PATTERN.test(host)) read.problem(`LETHE_TARGET_URL_ALLOWLIST: ${host} is not a host pattern`);
  }
  return settings;
}
