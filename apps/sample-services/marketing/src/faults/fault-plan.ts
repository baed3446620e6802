/** The failures and slowness the marketing service shows, to demonstrate retries. */
export interface FaultSettings {
  /** How many of the next erasure commands fail. */
  failNext: number;
  /** Whether those failures are reported as retriable. */
  retriable: boolean;
  /** Extra time every erasure handler call takes. */
  latencyMs: number;
}

export interface FaultDecision {
  delayMs: number;
  /** Present when this call must fail. */
  failure?: { retriable: boolean };
}

/** Enough to cover every command whose local retries can still be running. */
const MAX_REMEMBERED_COMMANDS = 1_000;

/**
 * Counts failures per erasure command, not per handler call. The SDK retries a failing handler locally with the
 * same command (3 tries by default); were each try to spend a failure, "fail the next 2" would be absorbed by
 * the first command's local retries and nothing would reach the coordinator. So a command that drew a failure
 * fails on every try, is published as `failed`, and the coordinator's re-dispatch (a new command) spends the next.
 */
export class FaultPlan {
  private failNext: number;
  private retriable: boolean;
  private latencyMs: number;
  /** Commands that drew a failure, and whether it was retriable. */
  private readonly failing = new Map<string, boolean>();

  constructor(settings: FaultSettings) {
    this.failNext = settings.failNext;
    this.retriable = settings.retriable;
    this.latencyMs = settings.latencyMs;
  }

  /** Replaces the failure plan; commands already failing recover on their next try. */
  failNextCommands(count: number, retriable: boolean): void {
    this.failNext = count;
    this.retriable = retriable;
    this.failing.clear();
  }

  slowDown(latencyMs: number): void {
    this.latencyMs = latencyMs;
  }

  settings(): FaultSettings {
    return { failNext: this.failNext, retriable: this.retriable, latencyMs: this.latencyMs };
  }

  /** What one handler call for `commandId` must do. */
  decide(commandId: string): FaultDecision {
    let retriable = this.failing.get(commandId);
    if (retriable === undefined && this.failNext > 0) {
      this.failNext -= 1;
      retriable = this.retriable;
      this.failing.set(commandId, retriable);
      if (this.failing.size > MAX_REMEMBERED_COMMANDS) this.failing.delete(this.failing.keys().next().value!);
    }
    return retriable === undefined
      ? { delayMs: this.latencyMs }
      : { delayMs: this.latencyMs, failure: { retriable } };
  }
}
