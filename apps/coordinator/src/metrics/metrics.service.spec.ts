import { Clock } from '../common/clock';
import { MetricsService } from './metrics.service';
import { RequestStatisticsRepository, RequestStatusCount } from './request-statistics.repository';

function metricsWith(counts: () => Promise<RequestStatusCount[]>) {
  const statistics = { countByStatus: jest.fn(counts) } as unknown as RequestStatisticsRepository;
  const now = new Date('2030-01-01T00:00:00Z');
  const service = new MetricsService(statistics, { now: () => now } as Clock);
  return { service, statistics, now };
}

describe(MetricsService.name, () => {
  it('exposes requests by status, with zero for statuses that have none', async () => {
    const { service, statistics, now } = metricsWith(async () => [
      { status: 'in_progress', total: 3, pastDue: 1 },
      { status: 'completed', total: 7, pastDue: 2 },
    ]);
    const text = await service.scrape();
    expect(statistics.countByStatus).toHaveBeenCalledWith(now);
    expect(text).toContain('lethe_erasure_requests{status="in_progress"} 3');
    expect(text).toContain('lethe_erasure_requests{status="completed"} 7');
    expect(text).toContain('lethe_erasure_requests{status="received"} 0');
    expect(text).toContain('lethe_erasure_requests{status="cancelled"} 0');
  });

  it('counts as overdue only past-due requests that are not completed or cancelled', async () => {
    const { service } = metricsWith(async () => [
      { status: 'received', total: 4, pastDue: 1 },
      { status: 'needs_attention', total: 2, pastDue: 2 },
      { status: 'completed', total: 9, pastDue: 9 },
      { status: 'cancelled', total: 5, pastDue: 5 },
    ]);
    expect(await service.scrape()).toMatch(/^lethe_erasure_requests_overdue 3$/m);
  });

  it('counts afresh on every scrape', async () => {
    let total = 1;
    const { service } = metricsWith(async () => [{ status: 'received', total, pastDue: 0 }]);
    expect(await service.scrape()).toContain('lethe_erasure_requests{status="received"} 1');
    total = 2;
    expect(await service.scrape()).toContain('lethe_erasure_requests{status="received"} 2');
  });

  it('still serves the other metrics when the ledger cannot be counted', async () => {
    const { service } = metricsWith(async () => {
      throw new Error('connection refused');
    });
    const text = await service.scrape();
    expect(text).not.toMatch(/^lethe_erasure_requests\{/m);
    expect(text).not.toMatch(/^lethe_erasure_requests_overdue /m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('observes task completion latency by service and outcome', async () => {
    const { service } = metricsWith(async () => []);
    service.observeTaskCompletion(4, 'billing', 'deleted');
    service.observeTaskCompletion(-1, 'billing', 'deleted');
    service.observeTaskCompletion(Number.NaN, 'billing', 'deleted');
    const text = await service.scrape();
    expect(text).toContain(
      'lethe_task_completion_seconds_bucket{le="0.5",service="billing",outcome="deleted"} 1',
    );
    expect(text).toContain(
      'lethe_task_completion_seconds_bucket{le="5",service="billing",outcome="deleted"} 2',
    );
    expect(text).toContain('lethe_task_completion_seconds_count{service="billing",outcome="deleted"} 2');
    expect(text).toContain('lethe_task_completion_seconds_sum{service="billing",outcome="deleted"} 4');
  });

  it('counts retries by service and reason', async () => {
    const { service } = metricsWith(async () => []);
    service.recordRetry('billing', 'ack_timeout');
    service.recordRetry('billing', 'ack_timeout');
    service.recordRetry('crm', 'retriable_error');
    const text = await service.scrape();
    expect(text).toContain('lethe_task_retries_total{service="billing",reason="ack_timeout"} 2');
    expect(text).toContain('lethe_task_retries_total{service="crm",reason="retriable_error"} 1');
  });

  it('counts shredded requests by terminal status, and ignores empty batches', async () => {
    const { service } = metricsWith(async () => []);
    service.recordIdentitiesShredded('completed', 3);
    service.recordIdentitiesShredded('completed', 2);
    service.recordIdentitiesShredded('cancelled', 1);
    service.recordIdentitiesShredded('cancelled', 0);
    const text = await service.scrape();
    expect(text).toContain('lethe_identities_shredded_total{status="completed"} 5');
    expect(text).toContain('lethe_identities_shredded_total{status="cancelled"} 1');
  });

  it('counts dead letters by topic and code', async () => {
    const { service } = metricsWith(async () => []);
    service.recordDeadLetter('lethe.erasure.results', 'BAD_SIGNATURE');
    expect(await service.scrape()).toContain(
      'lethe_dead_letters_total{topic="lethe.erasure.results",code="BAD_SIGNATURE"} 1',
    );
  });

  it('keeps its metrics in its own registry', async () => {
    const first = metricsWith(async () => []);
    const second = metricsWith(async () => []);
    first.service.recordRetry('billing', 'ack_timeout');
    expect(first.service.registry).not.toBe(second.service.registry);
    expect(await second.service.scrape()).not.toContain('lethe_task_retries_total{');
    expect(first.service.contentType).toMatch(/^text\/plain/);
  });
});
