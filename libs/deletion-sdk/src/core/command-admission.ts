import type { ErasureCommand } from '../protocol/messages';

export enum CommandRejectionCode {
  /** The command names another service: misrouted, or replayed onto the wrong topic. */
  WrongService = 'WRONG_SERVICE',
  /** Issued longer ago than `maxCommandAgeMs`: most likely a replay of an old message. */
  Stale = 'STALE_COMMAND',
  /** Issued further in the future than the clock-skew allowance: a clock is wrong or the message is forged. */
  FromTheFuture = 'FUTURE_COMMAND',
  /**
   * Another command id for a task attempt this service already answered. The coordinator dispatches each attempt
   * under one id, so this is never a redelivery: it is a replay under a new id, or a coordinator fault.
   */
  Conflicting = 'CONFLICTING_COMMAND',
}

/** Why a well-formed, correctly signed command is still not run. It goes to the dead-letter topic. */
export interface CommandRejection {
  code: CommandRejectionCode;
  reason: string;
}

export interface AdmissionPolicy {
  service: string;
  maxCommandAgeMs: number;
  maxClockSkewMs: number;
}

/**
 * One day. The coordinator stamps `issuedAt` when it publishes, and every retry is a new attempt published afresh,
 * so a service that was down longer than this finds its old commands dead-lettered as stale but also finds the
 * coordinator's newer attempts (acknowledgement timeout 15 minutes, backoff at most 6 hours by default), which
 * run. A signed command captured off the wire is useless after a day.
 */
export const DEFAULT_MAX_COMMAND_AGE_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Decides whether a command that passed signature and schema checks may run here and now. Signatures prove who
 * sent a command but not when, so age limits are what stop an old captured command from being replayed forever.
 */
export function checkAdmission(
  command: Pick<ErasureCommand, 'service' | 'issuedAt'>,
  policy: AdmissionPolicy,
  now: Date,
): CommandRejection | undefined {
  if (command.service !== policy.service) {
    return {
      code: CommandRejectionCode.WrongService,
      reason: `command is for service "${command.service}", this is "${policy.service}"`,
    };
  }
  const ageMs = now.getTime() - Date.parse(command.issuedAt);
  if (ageMs > policy.maxCommandAgeMs) {
    return {
      code: CommandRejectionCode.Stale,
      reason: `issued at ${command.issuedAt}, older than the ${policy.maxCommandAgeMs} ms limit`,
    };
  }
  if (-ageMs > policy.maxClockSkewMs) {
    return {
      code: CommandRejectionCode.FromTheFuture,
      reason: `issued at ${command.issuedAt}, more than ${policy.maxClockSkewMs} ms in the future`,
    };
  }
  return undefined;
}
