import { Admin, Kafka, logLevel } from 'kafkajs';

type WaitFor = (what: string, probe: () => Promise<true | undefined>) => Promise<true>;

/**
 * Waits (with the caller's `waitFor`) until consumer group `groupId` has committed every partition of `topic` up to
 * where it ended when called. The coordinator commits a message only once it has applied it, so this is a positive
 * sign that everything written before, a message still in flight included, has been applied and can no longer
 * change anything.
 */
export async function waitUntilConsumed(
  brokers: string[],
  groupId: string,
  topic: string,
  waitFor: WaitFor,
): Promise<void> {
  await withAdmin(brokers, async (admin) => {
    const ends = await topicEnds(admin, topic);
    await waitFor(`${groupId} to consume ${topic}`, async () =>
      (await consumedUpTo(admin, groupId, topic, ends)) ? true : undefined,
    );
  });
}

/** How many messages were ever written to `topic`, over all its partitions. */
export function messagesWritten(brokers: string[], topic: string): Promise<number> {
  return withAdmin(brokers, async (admin) => {
    let total = 0n;
    for (const end of (await topicEnds(admin, topic)).values()) total += end;
    return Number(total);
  });
}

/** Where each partition of `topic` ends now: the offset the next message written to it will get. */
async function topicEnds(admin: Admin, topic: string): Promise<Map<number, bigint>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map(({ partition, high }) => [partition, BigInt(high)]));
}

async function consumedUpTo(
  admin: Admin,
  groupId: string,
  topic: string,
  ends: Map<number, bigint>,
): Promise<boolean> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committed = new Map(entry.partitions.map(({ partition, offset }) => [partition, BigInt(offset)]));
  return [...ends].every(([partition, end]) => end === 0n || (committed.get(partition) ?? -1n) >= end);
}

async function withAdmin<T>(brokers: string[], use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}
