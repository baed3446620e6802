import type { ErasureCommand, ErasureResult } from '../protocol/messages';

/** What is remembered of a command that ran: which command it was and what was answered. */
export interface ProcessedCommand {
  /** The command's `id`: a second delivery of the same dispatch carries the same id. */
  commandId: string;
  result: ErasureResult;
}

/**
 * Remembers the result of every command this service has run, so a command delivered again (Kafka is
 * at-least-once) is acknowledged with the same result instead of running the handlers twice. Back it with the
 * service's own database to survive restarts; the default lives in memory.
 */
export interface ProcessedCommandStore {
  get(key: string): Promise<ProcessedCommand | undefined>;
  set(key: string, entry: ProcessedCommand): Promise<void>;
}

/**
 * One entry per task and coordinator attempt (a new attempt must run again). The coordinator dispatches each
 * attempt under exactly one command id, so the entry also says which command a later delivery must match. Dry runs
 * are kept apart so a dry run's answer is never replayed as a real erasure.
 */
export function processedCommandKey(command: Pick<ErasureCommand, 'taskId' | 'attempt' | 'dryRun'>): string {
  return `${command.taskId}#${command.attempt}${command.dryRun ? '#dry-run' : ''}`;
}

/** A bounded in-memory store that forgets the least recently used entry first. */
export class InMemoryProcessedCommandStore implements ProcessedCommandStore {
  private readonly entries = new Map<string, ProcessedCommand>();

  /** @param maxEntries - how many results to remember @defaultValue 10 000 */
  constructor(private readonly maxEntries = 10_000) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<ProcessedCommand | undefined> {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  async set(key: string, entry: ProcessedCommand): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
