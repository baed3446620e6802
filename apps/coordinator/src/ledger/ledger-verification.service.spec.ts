import { Clock } from '../common/clock';
import type { LedgerRangeWorkers } from './ledger-range-workers';
import type { LedgerRepository } from './ledger.repository';
import { LedgerVerificationService } from './ledger-verification.service';

/** An empty ledger whose first read waits until the test lets it go, counting the verifications started. */
function slowEmptyLedger() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const ledger = {
    scans: 0,
    async chainRows() {
      ledger.scans += 1;
      await gate;
      return [];
    },
    streamBoundaries: async () => [],
    headsWithoutEvents: async () => [],
    missingStreams: async () => [],
  };
  return { ledger, release };
}

const inThread = { count: 0 } as unknown as LedgerRangeWorkers;

describe('LedgerVerificationService: one verification at a time', () => {
  it('lets calls made while a verification runs join it instead of starting another', async () => {
    const { ledger, release } = slowEmptyLedger();
    const service = new LedgerVerificationService(
      ledger as unknown as LedgerRepository,
      new Clock(),
      inThread,
    );
    const first = service.verifyAll();
    const second = service.verifyAll();
    await new Promise((resolve) => setImmediate(resolve));
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(ledger.scans).toBe(1);
    expect(b).toBe(a);
    expect(a).toMatchObject({ valid: true, streams: 0, events: 0 });
  });

  it('starts a new verification once the running one has finished, also after a failure', async () => {
    let fail = true;
    let scans = 0;
    const ledger = {
      async chainRows() {
        scans += 1;
        if (fail) throw new Error('connection lost');
        return [];
      },
      streamBoundaries: async () => [],
      headsWithoutEvents: async () => [],
      missingStreams: async () => [],
    };
    const service = new LedgerVerificationService(
      ledger as unknown as LedgerRepository,
      new Clock(),
      inThread,
    );
    await expect(service.verifyAll()).rejects.toThrow('connection lost');
    fail = false;
    await expect(service.verifyAll()).resolves.toMatchObject({ valid: true });
    await expect(service.verifyAll()).resolves.toMatchObject({ valid: true });
    expect(scans).toBe(3);
  });
});
