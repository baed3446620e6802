/**
 * The offsets of one partition that are being worked on, and how far the group's position may move. With commands
 * handed off to the background, they finish out of order; the committed position must never pass an unfinished
 * one, or a crash would lose it. Pure bookkeeping: no Kafka here.
 */
export class PartitionProgress {
  /** Offset → how many deliveries of it are in hand (a redelivery can overlap the first). */
  private readonly unfinished = new Map<bigint, number>();
  /** Offsets whose work was abandoned and not delivered again yet: nothing may be committed past them. */
  private readonly abandoned = new Set<bigint>();
  private highestFinished = -1n;

  /** Records that the message at `offset` is being worked on (again, after it was abandoned). */
  begin(offset: bigint): void {
    this.abandoned.delete(offset);
    this.unfinished.set(offset, (this.unfinished.get(offset) ?? 0) + 1);
  }

  /**
   * Records that the work at `offset` was abandoned before finishing: kafkajs will deliver it again. Until then the
   * position stays at or below it, however much later work of the same batch finishes meanwhile (commands of one
   * batch run concurrently, so later offsets can finish after this one failed).
   */
  abandon(offset: bigint): void {
    if (this.unfinished.has(offset)) this.abandoned.add(offset);
    this.release(offset);
  }

  /**
   * Records that the message at `offset` was answered, and returns the offset the group may now commit as its next
   * position: just above everything finished, but never past the lowest unfinished offset.
   */
  finish(offset: bigint): bigint {
    // Answered by this delivery: an abandoned overlapping one no longer matters.
    this.abandoned.delete(offset);
    this.release(offset);
    if (offset > this.highestFinished) this.highestFinished = offset;
    return this.committable();
  }

  /** The position below which every delivered message of this partition is finished. */
  committable(): bigint {
    let lowest: bigint | undefined;
    for (const offset of this.unfinished.keys()) if (lowest === undefined || offset < lowest) lowest = offset;
    for (const offset of this.abandoned) if (lowest === undefined || offset < lowest) lowest = offset;
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
