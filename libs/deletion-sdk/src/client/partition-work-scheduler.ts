import type { Sleep } from '../core/local-retry';
import type { SdkLogger } from '../core/sdk-logger';
import { groupByKey, runBounded } from './key-lanes';
import { PartitionProgress } from './partition-progress';

/** Where a consumed message sits, and the key its order is kept by (the request id for commands). */
export interface ConsumedMessageRef {
  topic: string;
  partition: number;
  offset: string;
  key: string;
}

/** One consumed message and what answering it takes. */
export interface ConsumedWork {
  ref: ConsumedMessageRef;
  work: () => Promise<void>;
}

/** A message of a batch whose work failed in line: the lowest such offset, and why. */
export interface BatchFailure {
  offset: bigint;
  error: unknown;
}

/** How a batch ended: with `failure` the partition must be read again from `failure.offset`. */
export interface BatchSettlement {
  failure?: BatchFailure;
}

export interface PartitionWorkSchedulerDeps {
  /** Commits `nextOffset` as the group's position on the partition. */
  commit: (topic: string, partition: number, nextOffset: string) => Promise<void>;
  /** A message still in hand after this long is moved to the background and the partition moves on. */
  handOffAfterMs: number;
  /** At most this many handed-off messages at once; beyond it the partition waits for one to finish. */
  maxHandedOff: number;
  /** False once the client is stopping: failed handed-off work is then left uncommitted, for redelivery. */
  isActive: () => boolean;
  logger: SdkLogger;
  sleep: Sleep;
  /**
   * At most this many messages in hand at once across every partition's batch (batches of several partitions run
   * concurrently); handed-off messages do not count. Without it only each batch's own `concurrency` bounds them.
   */
  maxRunning?: number;
}

/** Upper bound of the pause between two tries of handed-off work whose result could not be published. */
const MAX_RETRY_DELAY_MS = 5_000;

/**
 * Runs the work of each consumed batch so that one slow subject cannot hold up the others on its partition.
 * Messages of different keys run concurrently (bounded); if one is still running after `handOffAfterMs` it
 * continues in a background slot and the batch moves on. Messages with the same key keep their order (a retry of a
 * stuck request waits behind it instead of racing it), and the committed position — one commit per batch — never
 * passes an unfinished offset. Failure in line is reported, so the consumer reads the message again; handed-off
 * work is retried until it succeeds or the client stops.
 */
export class PartitionWorkScheduler {
  private readonly partitions = new Map<string, PartitionProgress>();
  private readonly commits = new Map<string, { chain: Promise<void>; committed: bigint }>();
  private readonly byKey = new Map<string, Promise<void>>();
  private readonly handedOff = new Set<Promise<void>>();
  private readonly slots: Slots | undefined;

  constructor(private readonly deps: PartitionWorkSchedulerDeps) {
    this.slots = deps.maxRunning === undefined ? undefined : new Slots(deps.maxRunning);
  }

  /** How many messages are running in the background now. */
  get handedOffCount(): number {
    return this.handedOff.size;
  }

  /**
   * Runs one consumed message: a batch of one. Failure in line is thrown, without committing, so kafkajs delivers
   * the message again.
   */
  async submit(ref: ConsumedMessageRef, work: () => Promise<void>): Promise<void> {
    const { failure } = await this.submitBatch([{ ref, work }], 1);
    if (failure !== undefined) throw failure.error;
  }

  /**
   * Runs the messages of one fetched batch (one partition): those of different keys concurrently, at most
   * `concurrency` at once, those of one key one after another in offset order. Work still running after
   * `handOffAfterMs` moves to the background with whatever follows it under its key. When every message is
   * finished, handed off or failed, the partition's position is committed once, below the lowest unfinished offset.
   * A message that fails in line stops its key's later messages and is reported with the lowest failed offset, so
   * the consumer reads the partition again from there; the position is never committed past it meanwhile.
   */
  async submitBatch(items: readonly ConsumedWork[], concurrency: number): Promise<BatchSettlement> {
    if (items.length === 0) return {};
    const first = items[0].ref;
    const progress = this.progressOf(first);
    for (const { ref } of items) progress.begin(BigInt(ref.offset));
    let failure: BatchFailure | undefined;
    const abandon = (lane: readonly ConsumedWork[], error?: unknown) => {
      for (const { ref } of lane) progress.abandon(BigInt(ref.offset));
      const offset = BigInt(lane[0].ref.offset);
      if (error !== undefined && (failure === undefined || offset < failure.offset))
        failure = { offset, error };
    };
    const slots = this.slots;
    const runLane = async (lane: readonly ConsumedWork[]) => {
      const keyId = keyIdOf(lane[0].ref);
      const ahead = this.byKey.get(keyId);
      // A retry of a request still handed off from an earlier batch waits behind it, off the partition.
      if (ahead !== undefined) return this.handOffLane(keyId, lane, ahead);
      for (let i = 0; i < lane.length; i++) {
        const { ref, work } = lane[i];
        // A message not started before stop() began stays uncommitted, for redelivery after a restart.
        if (!this.deps.isActive()) return abandon(lane.slice(i));
        const running = work();
        let inTime: boolean;
        try {
          inTime = await settlesWithin(running, this.deps.handOffAfterMs);
        } catch (error) {
          return abandon(lane.slice(i), error);
        }
        if (inTime) {
          progress.finish(BigInt(ref.offset));
          continue;
        }
        this.deps.logger.warn('erasure command still running; handing it off so the partition moves on', {
          topic: ref.topic,
          partition: ref.partition,
          offset: ref.offset,
          afterMs: this.deps.handOffAfterMs,
        });
        return this.handOffLane(keyId, lane.slice(i), undefined, running);
      }
    };
    await runBounded(
      groupByKey(items, (item) => keyIdOf(item.ref)),
      concurrency,
      slots === undefined
        ? runLane
        : async (lane) => {
            await slots.take();
            try {
              await runLane(lane);
            } finally {
              slots.give();
            }
          },
    );
    await this.commitUpTo(first, progress.committable());
    if (failure !== undefined) return { failure };
    await this.waitForSlot();
    return {};
  }

  /** Resolves when every handed-off message has finished or given up. */
  async drain(): Promise<void> {
    while (this.handedOff.size > 0) await Promise.allSettled([...this.handedOff]);
  }

  /** Hands a key's remaining messages to the background, one after another, behind `ahead` if given. */
  private handOffLane(
    keyId: string,
    lane: readonly ConsumedWork[],
    ahead: Promise<void> | undefined,
    running?: Promise<void>,
  ): void {
    let previous = ahead;
    lane.forEach(({ ref, work }, i) => {
      const done =
        previous === undefined
          ? this.untilDone(ref, work, i === 0 ? running : undefined)
          : previous.then(() => this.untilDone(ref, work));
      previous = this.handOff(ref, keyId, done);
    });
  }

  private handOff(ref: ConsumedMessageRef, keyId: string, done: Promise<void>): Promise<void> {
    const progress = this.progressOf(ref);
    const offset = BigInt(ref.offset);
    const tracked: Promise<void> = done
      .then(
        () =>
          this.commitUpTo(ref, progress.finish(offset)).catch((err: unknown) =>
            // Most likely a rebalance took the partition away; its new owner re-runs from the last commit.
            this.deps.logger.warn('could not commit after a handed-off command', {
              topic: ref.topic,
              partition: ref.partition,
              error: (err as Error).message,
            }),
          ),
        // Left unfinished on purpose: nothing later on this partition may be committed past it before a restart.
        (err: unknown) =>
          this.deps.logger.warn('handed-off erasure command left uncommitted, for redelivery', {
            topic: ref.topic,
            partition: ref.partition,
            offset: ref.offset,
            error: (err as Error).message,
          }),
      )
      .finally(() => {
        this.handedOff.delete(tracked);
        if (this.byKey.get(keyId) === tracked) this.byKey.delete(keyId);
      });
    this.handedOff.add(tracked);
    this.byKey.set(keyId, tracked);
    return tracked;
  }

  private async waitForSlot(): Promise<void> {
    while (this.handedOff.size > this.deps.maxHandedOff) await Promise.race([...this.handedOff]);
  }

  private async untilDone(
    ref: ConsumedMessageRef,
    work: () => Promise<void>,
    first?: Promise<void>,
  ): Promise<void> {
    let current = first ?? work();
    for (let retry = 1; ; retry++) {
      try {
        return await current;
      } catch (err) {
        if (!this.deps.isActive()) throw err;
        const delayMs = Math.min(MAX_RETRY_DELAY_MS, 250 * 2 ** (retry - 1));
        this.deps.logger.warn('handed-off erasure command failed; trying again', {
          topic: ref.topic,
          partition: ref.partition,
          offset: ref.offset,
          retry,
          delayMs,
          error: (err as Error).message,
        });
        await this.deps.sleep(delayMs);
        if (!this.deps.isActive()) throw err;
        current = work();
      }
    }
  }

  /** Commits in order per partition and never moves the position backwards. */
  private commitUpTo(ref: ConsumedMessageRef, next: bigint): Promise<void> {
    const id = `${ref.topic}\u0000${ref.partition}`;
    const state = this.commits.get(id);
    if (state === undefined) throw new Error(`no progress recorded for partition ${ref.partition}`);
    const step = state.chain.then(async () => {
      if (next <= state.committed) return;
      await this.deps.commit(ref.topic, ref.partition, next.toString());
      state.committed = next;
    });
    state.chain = step.catch(() => undefined);
    return step;
  }

  private progressOf(ref: ConsumedMessageRef): PartitionProgress {
    const id = `${ref.topic}\u0000${ref.partition}`;
    let progress = this.partitions.get(id);
    if (progress === undefined) {
      progress = new PartitionProgress();
      this.partitions.set(id, progress);
      // The position the partition was handed to us at: committing it again would say nothing.
      this.commits.set(id, { chain: Promise.resolve(), committed: BigInt(ref.offset) });
    }
    return progress;
  }
}

function keyIdOf(ref: ConsumedMessageRef): string {
  return `${ref.topic}\u0000${ref.partition}\u0000${ref.key}`;
}

/** True if `work` resolves within `ms`, false if it is still running then; rejects if it fails in time. */
async function settlesWithin(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A counting semaphore: `take` resolves once fewer than `size` are taken, first come first served. */
class Slots {
  private taken = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  take(): Promise<void> | void {
    if (this.taken < this.size) {
      this.taken += 1;
      return;
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    const next = this.waiting.shift();
    // handed straight to the next waiter: `taken` stays as it is
    if (next !== undefined) next();
    else this.taken -= 1;
  }
}
