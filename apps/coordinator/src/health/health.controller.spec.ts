import { ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SupervisedConsumer } from '../kafka/consumer-supervisor';
import { KafkaConnection } from '../kafka/kafka-connection';
import { CHECK_TIMEOUT_MS, HealthController } from './health.controller';
import { RedisProbe } from './redis-probe';

type Probe = () => Promise<unknown>;

function controller(
  probes: { postgres?: Probe; kafka?: Probe; redis?: Probe },
  stopped: SupervisedConsumer[] = [],
): HealthController {
  const up: Probe = async () => undefined;
  return new HealthController(
    { query: probes.postgres ?? up } as unknown as DataSource,
    {
      describeCluster: probes.kafka ?? up,
      consumers: { stopped: () => stopped },
    } as unknown as KafkaConnection,
    { ping: probes.redis ?? up } as unknown as RedisProbe,
  );
}

async function notReadyBody(ready: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await ready.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ServiceUnavailableException);
  expect((error as ServiceUnavailableException).getStatus()).toBe(503);
  return (error as ServiceUnavailableException).getResponse() as Record<string, unknown>;
}

describe(HealthController.name, () => {
  it('is live without asking anything', () => {
    expect(controller({}).live()).toEqual({ status: 'ok' });
  });

  it('is ready when PostgreSQL, Kafka and Redis answer', async () => {
    await expect(controller({}).ready()).resolves.toEqual({
      status: 'ok',
      checks: {
        postgres: { status: 'up' },
        kafka: { status: 'up' },
        redis: { status: 'up' },
        consumers: { status: 'up' },
      },
    });
  });

  it('answers 503 while one of its consumers is stopped after a crash, naming it and the error type', async () => {
    const body = await notReadyBody(
      controller({}, [{ name: 'results', status: 'stopped', lastError: 'KafkaJSNonRetriableError' }]).ready(),
    );
    expect(body.message).toBe('not ready: consumers is down');
    expect((body.checks as Record<string, unknown>).consumers).toEqual({
      status: 'down',
      error: 'stopped after a crash, starting again: results (KafkaJSNonRetriableError)',
    });
  });

  it.each(['postgres', 'kafka', 'redis'] as const)('answers 503 naming %s when it is down', async (name) => {
    const body = await notReadyBody(
      controller({
        [name]: async () => {
          throw new Error('connect ECONNREFUSED');
        },
      }).ready(),
    );
    expect(body).toMatchObject({
      statusCode: 503,
      error: 'Service Unavailable',
      message: `not ready: ${name} is down`,
    });
    const checks = body.checks as Record<string, unknown>;
    expect(checks[name]).toEqual({ status: 'down', error: 'connect ECONNREFUSED' });
    expect(Object.values(checks).filter((c) => (c as { status: string }).status === 'up')).toHaveLength(3);
  });

  it('names every dependency that is down', async () => {
    const fail = async () => {
      throw new Error('gone');
    };
    const body = await notReadyBody(controller({ kafka: fail, redis: fail }).ready());
    expect(body.message).toBe('not ready: kafka, redis are down');
  });

  describe('with a dependency that does not answer', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it(`gives up on it after ${CHECK_TIMEOUT_MS} ms`, async () => {
      const ready = controller({ redis: () => new Promise(() => undefined) }).ready();
      const settled = notReadyBody(ready);
      await jest.advanceTimersByTimeAsync(CHECK_TIMEOUT_MS);
      const body = await settled;
      expect((body.checks as Record<string, unknown>).redis).toEqual({
        status: 'down',
        error: `no answer within ${CHECK_TIMEOUT_MS} ms`,
      });
    });
  });
});
