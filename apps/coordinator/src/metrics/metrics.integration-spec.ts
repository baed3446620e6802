import { deleted, ErasureContext } from '@lethe/deletion-sdk';
import { Kafka, logLevel } from 'kafkajs';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { MetricsService } from './metrics.service';

/** The value of one series in Prometheus text, or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const SLOW_SUBJECT = 'slow@example.org';
const FLAKY_SUBJECT = 'flaky@example.org';
const CCPA_DAYS_AND_ONE = 46 * 24 * 60 * 60_000;

describe('metrics and readiness (in-process coordinator, real PostgreSQL, Kafka and Redis)', () => {
  // retries come quickly so a failed dispatch is re-sent within the test
  const harness = new CoordinatorHarness({
    LETHE_RETRY_BASE_DELAY_MS: '100',
    LETHE_RETRY_MAX_DELAY_MS: '200',
  });
  let flakyFailures = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));

  async function scrape(): Promise<string> {
    const response = await fetch(`${harness.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  }

  beforeAll(async () => {
    await harness.start();
    await harness.startService('billing', {
      db: async (ctx: ErasureContext) => {
        if (ctx.valuesOf('email').includes(SLOW_SUBJECT)) await gate;
        if (ctx.valuesOf('email').includes(FLAKY_SUBJECT) && flakyFailures++ === 0) {
          throw new Error('database briefly unavailable');
        }
        return deleted(2);
      },
    });
    await harness.waitForService('billing');
  });
  afterAll(async () => {
    release();
    await harness.stop();
  });

  it('exposes the named series without a key', async () => {
    harness.app.get(MetricsService).observeTaskCompletion(1.5, 'billing', 'deleted');
    const text = await scrape();
    for (const name of [
      'lethe_erasure_requests',
      'lethe_erasure_requests_overdue',
      'lethe_task_completion_seconds',
      'lethe_task_retries_total',
      'lethe_dead_letters_total',
      'lethe_identities_shredded_total',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(sample(text, 'lethe_erasure_requests{status="received"}')).toBe(0);
    expect(sample(text, 'lethe_erasure_requests_overdue')).toBe(0);
    expect(sample(text, 'lethe_task_completion_seconds_count{service="billing",outcome="deleted"}')).toBe(1);
  });

  it('counts a retry when a task fails once and is dispatched again', async () => {
    const { status, body } = await harness.api<{ id: string }>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: FLAKY_SUBJECT }] },
    });
    expect(status).toBe(201);
    await harness.waitFor('the retried request to complete', async () => {
      const { body: request } = await harness.api<{ status: string }>(
        'GET',
        `/v1/erasure-requests/${body.id}`,
      );
      return request.status === 'completed' ? true : undefined;
    });
    expect(flakyFailures).toBe(2);
    const text = await scrape();
    expect(sample(text, 'lethe_task_retries_total{service="billing",reason="failed"}')).toBe(1);
    expect(sample(text, 'lethe_task_retries_total{service="billing",reason="ack_timeout"}')).toBeUndefined();
  });

  it('moves after a request is submitted, and counts it as overdue once it is', async () => {
    const before = await scrape();
    expect(sample(before, 'lethe_erasure_requests_overdue')).toBe(0);
    const { status } = await harness.api('POST', '/v1/erasure-requests', {
      regulation: 'ccpa',
      subject: { identities: [{ type: 'email', value: SLOW_SUBJECT }] },
    });
    expect(status).toBe(201);
    const after = await scrape();
    const open = (text: string) =>
      (sample(text, 'lethe_erasure_requests{status="received"}') ?? 0) +
      (sample(text, 'lethe_erasure_requests{status="in_progress"}') ?? 0);
    expect(open(after)).toBe(open(before) + 1);

    // CCPA allows 45 days; the billing handler holds this request open while the clock moves past them
    harness.clock.advance(CCPA_DAYS_AND_ONE);
    try {
      expect(sample(await scrape(), 'lethe_erasure_requests_overdue')).toBe(1);
    } finally {
      harness.clock.advance(-CCPA_DAYS_AND_ONE);
    }
  });

  it('counts a dead-lettered result by topic and error code', async () => {
    // a result without its fields fails validation, before the signature is looked at
    const topic = harness.config.topics.results;
    const producer = new Kafka({
      brokers: harness.config.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ key: 'forged', value: '{"v":1,"type":"erasure.result"}' }] });
    } finally {
      await producer.disconnect();
    }
    const series = `lethe_dead_letters_total{topic="${topic}",code="SCHEMA_VIOLATION"}`;
    await harness.waitFor('the dead letter to be counted', async () =>
      sample(await scrape(), series) === 1 ? true : undefined,
    );
  });

  it('is ready when PostgreSQL, Kafka and Redis answer', async () => {
    const { status, body } = await harness.api('GET', '/health/ready', undefined, null);
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'ok',
      checks: {
        postgres: { status: 'up' },
        kafka: { status: 'up' },
        redis: { status: 'up' },
        consumers: { status: 'up' },
      },
    });
  });
});
