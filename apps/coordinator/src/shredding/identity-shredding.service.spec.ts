import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { MetricsService } from '../metrics/metrics.service';
import { IdentityShreddingRepository, ShreddedRequest } from './identity-shredding.repository';
import { IdentityShreddingService } from './identity-shredding.service';
import { ShreddableStatus } from './shred-policy';

const NOW = new Date('2026-03-10T00:00:00.000Z');
const WINDOW = 7 * 24 * 60 * 60_000;

function shredded(count: number, status: ShreddableStatus = 'completed'): ShreddedRequest[] {
  return Array.from({ length: count }, (_, i) => ({ id: `r${i}`, status, terminalAt: NOW }));
}

function serviceWith(batches: ShreddedRequest[][], batchSize = 3) {
  const shredBatch = jest.fn(async () => batches.shift() ?? []);
  const recordIdentitiesShredded = jest.fn();
  const service = new IdentityShreddingService(
    { shredBatch } as unknown as IdentityShreddingRepository,
    { recordIdentitiesShredded } as unknown as MetricsService,
    { shredAfterMs: WINDOW, shredBatchSize: batchSize, shredPollIntervalMs: 60_000 } as CoordinatorConfig,
    { now: () => NOW } as Clock,
  );
  return { service, shredBatch, recordIdentitiesShredded };
}

describe(IdentityShreddingService.name, () => {
  it('asks for batches with the configured window and size until one comes back short', async () => {
    const { service, shredBatch } = serviceWith([shredded(3), shredded(3), shredded(1)]);
    await expect(service.shredDue()).resolves.toEqual({ shredded: 7, batches: 3 });
    expect(shredBatch).toHaveBeenCalledTimes(3);
    expect(shredBatch).toHaveBeenCalledWith(NOW, WINDOW, 3);
  });

  it('stops at an empty batch, also right after a full one', async () => {
    const { service, shredBatch } = serviceWith([shredded(3)]);
    await expect(service.shredDue()).resolves.toEqual({ shredded: 3, batches: 1 });
    expect(shredBatch).toHaveBeenCalledTimes(2);
  });

  it('does nothing when nothing is due', async () => {
    const { service, recordIdentitiesShredded } = serviceWith([]);
    await expect(service.shredDue()).resolves.toEqual({ shredded: 0, batches: 0 });
    expect(recordIdentitiesShredded).not.toHaveBeenCalled();
  });

  it('counts each batch by terminal status', async () => {
    const { service, recordIdentitiesShredded } = serviceWith([
      [...shredded(2, 'completed'), ...shredded(1, 'cancelled')],
    ]);
    await service.shredDue();
    expect(recordIdentitiesShredded).toHaveBeenCalledWith('completed', 2);
    expect(recordIdentitiesShredded).toHaveBeenCalledWith('cancelled', 1);
  });

  it('lets a failed batch fail the pass, keeping what earlier batches committed', async () => {
    const { service, shredBatch, recordIdentitiesShredded } = serviceWith([shredded(3)]);
    shredBatch.mockImplementationOnce(async () => shredded(3));
    shredBatch.mockImplementationOnce(async () => {
      throw new Error('connection terminated');
    });
    await expect(service.shredDue()).rejects.toThrow('connection terminated');
    expect(recordIdentitiesShredded).toHaveBeenCalledWith('completed', 3);
  });

  it('stops between batches once the application shuts down', async () => {
    const { service, shredBatch } = serviceWith([shredded(3), shredded(3)]);
    await service.onApplicationShutdown();
    await expect(service.shredDue()).resolves.toEqual({ shredded: 3, batches: 1 });
    expect(shredBatch).toHaveBeenCalledTimes(1);
  });
});
