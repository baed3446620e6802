/**
 * The offsets of one partition that are being worked on, and how far the group's position may move. With commands
 * handed off to the background, they finish out of order; the committed position must never pass an unfinished
 * one, or a crash would lose it. Pure bookkeeping: no Kafka here.
 */
export class PartitionProgress {
  /** Offset → how many deliveries of it are in hand (a redelivery can overlap the first). */
  private readonly unfinished = new Map<bigint, number>();
  private highestFinished = -1n;

  /** Records that the message at `offset` is being worked on. */
  begin(offset: bigint): void {
    this.unfinished.set(offset, (this.unfinished.get(offset) ?? 0) + 1);
  }

  /**
   * Records that the work at `offset` was abandoned before finishing: kafkajs will deliver it again, and the next
   * commit must not wait for it in the meantime (nor pass it, which nothing later than it can do before then).
   */
  abandon(offset: bigint): void {
    this.release(offset);
  }

  /**
   * Records that the message at `offset` was answered, and returns the offset the group may now commit as its next
   * position: just above everything finished, but never past the lowest unfinished offset.
   */
  finish(offset: bigint): bigint {
    this.release(offset);
    if (offset > this.highestFinished) this.highestFinished = offset;
    return this.committable();
  }

  /** The position below which every delivered message of this partition is finished. */
  committable(): bigint {
    let lowest: bigint | undefined;
    for (const offset of this.unfinished.keys()) if (lowest === undefined || offset < lowest) lowest = offset;
    return lowest ?? this.highestFinished + 1n;
  }

  get inHand(): number {
    return this.unfinished.size;
  }

  private release(offset: bigint): void {
    const count = this.unfinished.get(offset);
    if (count === undefined) return;
    if (count <= 1) this.unfinished.delete(offset);
    else this.unfinished.set(offset, count - 1);
  }
}
