import { Admin } from 'kafkajs';

/** Where each partition of `topic` ends now: the offset the next message written to it will get. */
export async function topicEnds(admin: Admin, topic: string): Promise<Map<number, bigint>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map(({ partition, high }) => [partition, BigInt(high)]));
}

/** How many messages were ever written to `topic`, over all its partitions. */
export async function writtenCount(admin: Admin, topic: string): Promise<number> {
  let total = 0n;
  for (const end of (await topicEnds(admin, topic)).values()) total += end;
  return Number(total);
}

/**
 * Whether consumer group `groupId` has committed every partition of `topic` up to `ends` (from `topicEnds`). The
 * coordinator commits a message only once it has applied it, so this says that it has applied everything written
 * before `ends` was taken: a positive sign that a message in flight then can no longer change anything.
 */
export async function consumedUpTo(
  admin: Admin,
  groupId: string,
  topic: string,
  ends: Map<number, bigint>,
): Promise<boolean> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committed = new Map(entry.partitions.map(({ partition, offset }) => [partition, BigInt(offset)]));
  return [...ends].every(([partition, end]) => end === 0n || (committed.get(partition) ?? -1n) >= end);
}
