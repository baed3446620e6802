/**
 * Splits items into lanes by key, keeping each lane in the items' order and the lanes in the order their keys
 * first appear. Pure: the batch consumer runs lanes concurrently and the items of one lane one after another.
 */
export function groupByKey<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const lanes = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const lane = lanes.get(key);
    if (lane === undefined) lanes.set(key, [item]);
    else lane.push(item);
  }
  return [...lanes.values()];
}

/**
 * Runs `run` for every item, at most `limit` at once, starting them in order. `run` must not reject: a failure of
 * one item is the caller's to record, and must not leave the others unstarted.
 */
export async function runBounded<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
