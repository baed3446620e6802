import { silentLogger } from '../core/sdk-logger';
import { RegistryHeartbeat } from './registry-heartbeat';

describe(RegistryHeartbeat.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('announces at once and then every interval until stopped', async () => {
    const announce = jest.fn(async () => undefined);
    const heartbeat = new RegistryHeartbeat(announce, 1_000, silentLogger);
    await heartbeat.start();
    expect(announce).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(999);
    expect(announce).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(announce).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(3_000);
    expect(announce).toHaveBeenCalledTimes(5);
    await heartbeat.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(announce).toHaveBeenCalledTimes(5);
  });

  it('fails to start when the first announcement fails', async () => {
    const heartbeat = new RegistryHeartbeat(
      async () => Promise.reject(new Error('no broker')),
      1_000,
      silentLogger,
    );
    await expect(heartbeat.start()).rejects.toThrow('no broker');
    await jest.advanceTimersByTimeAsync(5_000);
  });

  it('logs a failed heartbeat and keeps going', async () => {
    const warn = jest.fn();
    let calls = 0;
    const announce = jest.fn(async () => {
      calls++;
      if (calls === 2) throw new Error('leader moved');
    });
    const heartbeat = new RegistryHeartbeat(announce, 100, { ...silentLogger, warn });
    await heartbeat.start();
    await jest.advanceTimersByTimeAsync(300);
    expect(announce).toHaveBeenCalledTimes(4);
    expect(warn).toHaveBeenCalledWith('registry heartbeat failed', { error: 'leader moved' });
    await heartbeat.stop();
  });

  it('never overlaps a slow announcement with the next', async () => {
    let inFlight = 0;
    let peak = 0;
    const announce = jest.fn(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 250));
      inFlight--;
    });
    const heartbeat = new RegistryHeartbeat(announce, 100, silentLogger);
    const starting = heartbeat.start();
    await jest.advanceTimersByTimeAsync(250);
    await starting;
    await jest.advanceTimersByTimeAsync(2_000);
    expect(peak).toBe(1);
    const stopping = heartbeat.stop();
    await jest.advanceTimersByTimeAsync(250);
    await stopping;
  });

  it('waits for an announcement in flight when stopped', async () => {
    let finished = false;
    let calls = 0;
    const announce = async () => {
      if (++calls === 1) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
      finished = true;
    };
    const heartbeat = new RegistryHeartbeat(announce, 100, silentLogger);
    await heartbeat.start();
    await jest.advanceTimersByTimeAsync(100);
    const stopping = heartbeat.stop();
    await jest.advanceTimersByTimeAsync(500);
    await stopping;
    expect(finished).toBe(true);
  });
});
