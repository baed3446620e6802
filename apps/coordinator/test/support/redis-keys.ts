import { Redis } from 'ioredis';

/**
 * Deletes the keys matching each pattern and nothing else — the FLUSHALL of a shared server, scoped to what one
 * spec made. Returns how many keys went.
 */
export async function deleteRedisKeys(redis: Redis, patterns: string[]): Promise<number> {
  let deleted = 0;
  for (const match of patterns) {
    for await (const batch of redis.scanStream({ match, count: 500 })) {
      const keys = batch as string[];
      if (keys.length > 0) deleted += await redis.del(...keys);
    }
  }
  return deleted;
}
