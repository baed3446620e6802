import { EventLoopSlice } from './event-loop-slice';

/** Whether a callback queued with setImmediate before `work` ran before `work` finished. */
async function letOthersRun(work: () => Promise<void>): Promise<boolean> {
  let ran = false;
  setImmediate(() => (ran = true));
  await work();
  return ran;
}

describe(EventLoopSlice.name, () => {
  it('keeps going without a turn of the event loop while the slice has budget left', async () => {
    const slice = new EventLoopSlice(4, () => 1000);
    await expect(letOthersRun(() => slice.yieldIfSpent())).resolves.toBe(false);
  });

  it('lets the event loop run once the budget is spent, then starts a new slice', async () => {
    let now = 1000;
    const slice = new EventLoopSlice(4, () => now);
    now = 1004;
    await expect(letOthersRun(() => slice.yieldIfSpent())).resolves.toBe(true);
    await expect(letOthersRun(() => slice.yieldIfSpent())).resolves.toBe(false);
  });
});
