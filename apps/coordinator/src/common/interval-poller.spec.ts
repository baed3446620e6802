import { IntervalPoller, IntervalPollerOptions } from './interval-poller';

const INTERVAL = 1_000;

/** A pass that stays open until the test settles it, so overlap and shutdown can be watched. */
function controlledPasses() {
  const settles: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const pass = jest.fn(() => new Promise<void>((resolve, reject) => settles.push({ resolve, reject })));
  return {
    pass,
    finish: async (index = settles.length - 1) => {
      settles[index].resolve();
      await flush();
    },
    fail: async (error: Error, index = settles.length - 1) => {
      settles[index].reject(error);
      await flush();
    },
  };
}

/** Lets the promise callbacks queued so far run (fake timers leave microtasks alone). */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

function pollerWith(
  pass: () => Promise<unknown>,
  whileRunning: IntervalPollerOptions['whileRunning'] = 'skip',
) {
  const log = { warn: jest.fn() };
  return { poller: new IntervalPoller({ what: 'test pass', pass, log, whileRunning }), log };
}

describe(IntervalPoller.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs a pass every interval, the first at once only when asked', async () => {
    const pass = jest.fn(async () => undefined);
    const later = pollerWith(pass).poller;
    later.start({ intervalMs: INTERVAL, passNow: false });
    expect(pass).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(pass).toHaveBeenCalledTimes(1);
    await later.stop();

    pass.mockClear();
    const now = pollerWith(pass).poller;
    now.start({ intervalMs: INTERVAL, passNow: true });
    expect(pass).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(3 * INTERVAL);
    expect(pass).toHaveBeenCalledTimes(4);
    await now.stop();
  });

  it('never overlaps passes: a tick during a pass is skipped', async () => {
    const { pass, finish } = controlledPasses();
    const { poller } = pollerWith(pass, 'skip');
    poller.start({ intervalMs: INTERVAL, passNow: true });
    await jest.advanceTimersByTimeAsync(3 * INTERVAL);
    poller.nudge();
    expect(pass).toHaveBeenCalledTimes(1);
    await finish();
    expect(pass).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(pass).toHaveBeenCalledTimes(2);
    await finish();
    await poller.stop();
  });

  it("with 'again', runs one more pass after the running one however often it was nudged", async () => {
    const { pass, finish } = controlledPasses();
    const { poller } = pollerWith(pass, 'again');
    poller.start({ intervalMs: 60 * INTERVAL, passNow: false });
    poller.nudge();
    poller.nudge();
    poller.nudge();
    expect(pass).toHaveBeenCalledTimes(1);
    await finish();
    expect(pass).toHaveBeenCalledTimes(2);
    await finish();
    expect(pass).toHaveBeenCalledTimes(2);
    await poller.stop();
  });

  it('logs a failed pass and backs off until the next tick, dropping nudges and a queued pass', async () => {
    const { pass, finish, fail } = controlledPasses();
    const { poller, log } = pollerWith(pass, 'again');
    poller.start({ intervalMs: INTERVAL, passNow: true });
    poller.nudge();
    await fail(new Error('connection terminated'));
    expect(log.warn).toHaveBeenCalledWith('test pass failed, will retry: connection terminated');
    poller.nudge();
    expect(pass).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(pass).toHaveBeenCalledTimes(2);
    await finish();
    poller.nudge();
    expect(pass).toHaveBeenCalledTimes(3);
    await finish();
    await poller.stop();
  });

  it('describes a thrown non-error by its text', async () => {
    const { poller, log } = pollerWith(() => Promise.reject('gone'));
    poller.start({ intervalMs: INTERVAL, passNow: true });
    await flush();
    expect(log.warn).toHaveBeenCalledWith('test pass failed, will retry: gone');
    await poller.stop();
  });

  it('stop waits for the running pass and starts none after it', async () => {
    const { pass, finish } = controlledPasses();
    const { poller } = pollerWith(pass, 'again');
    poller.start({ intervalMs: INTERVAL, passNow: true });
    poller.nudge();
    let stopped = false;
    const stopping = poller.stop().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    expect(poller.stopped).toBe(true);
    await finish();
    await stopping;
    expect(stopped).toBe(true);
    await jest.advanceTimersByTimeAsync(5 * INTERVAL);
    poller.nudge();
    expect(pass).toHaveBeenCalledTimes(1);
  });

  it('halt (an early shutdown hook) stops new passes at once; stop (a later one) still waits for the running pass', async () => {
    const { pass, finish } = controlledPasses();
    const { poller } = pollerWith(pass);
    poller.start({ intervalMs: INTERVAL, passNow: true });
    poller.halt();
    expect(poller.stopped).toBe(true);
    await jest.advanceTimersByTimeAsync(5 * INTERVAL);
    poller.nudge();
    expect(pass).toHaveBeenCalledTimes(1);
    let stopped = false;
    const stopping = poller.stop().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    await finish();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('stopped before it started: start does nothing, stop resolves at once', async () => {
    const pass = jest.fn(async () => undefined);
    const { poller } = pollerWith(pass);
    await poller.stop();
    poller.start({ intervalMs: INTERVAL, passNow: true });
    await jest.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(pass).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });
});
