import type { Consumer } from 'kafkajs';
import { pauseAfterFailure } from './apply-failure';

/**
 * Retry in place for a consumer that commits by hand: a partition whose message failed for a passing reason is
 * paused, sought back to that message and resumed after a back-off that doubles with each failure in a row, so
 * nothing after it is committed before it is handled. Used by the results, the verifications and the registry consumers.
 */
export class PartitionRetries {
  private readonly failures = new Map<string, number>();
  private readonly resumes = new Set<NodeJS.Timeout>();

  /** Pauses the partition and reads it again from `offset` once the pause ends; returns the pause in ms. */
  retryFrom(
    consumer: Pick<Consumer, 'seek'> | undefined,
    where: { topic: string; partition: number; offset: string },
    pause: () => () => void,
  ): number {
    const key = `${where.topic}/${where.partition}`;
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    const waitMs = pauseAfterFailure(failures);
    const resume = pause();
    consumer?.seek({ topic: where.topic, partition: where.partition, offset: where.offset });
    const timer = setTimeout(() => {
      this.resumes.delete(timer);
      resume();
    }, waitMs);
    this.resumes.add(timer);
    return waitMs;
  }

  /** The partition moved on: its next failure waits the shortest pause again. */
  succeeded(topic: string, partition: number): void {
    this.failures.delete(`${topic}/${partition}`);
  }

  /** Cancels the pending resumes (shutdown). */
  clear(): void {
    for (const timer of this.resumes) clearTimeout(timer);
    this.resumes.clear();
  }
}
