import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator';
import { KafkaConnection } from '../kafka/kafka-connection';
import {
  DependencyCheck,
  LivenessResponse,
  NotReadyResponse,
  ReadinessChecks,
  ReadinessResponse,
} from './readiness.response';
import { RedisProbe } from './redis-probe';

export const CHECK_TIMEOUT_MS = 3000;

@ApiTags('health')
// probes must answer however busy the API is
@SkipThrottle()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    private readonly redis: RedisProbe,
  ) {}

  @Get('live')
  @ApiOkResponse({ type: LivenessResponse })
  live(): LivenessResponse {
    return { status: 'ok' };
  }

  /**
   * Ready when the ledger, the broker and Redis answer and none of the process's consumers has stopped; 503 with
   * each dependency's state otherwise.
   */
  @Get('ready')
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiServiceUnavailableResponse({ type: NotReadyResponse })
  async ready(): Promise<ReadinessResponse> {
    const [postgres, kafka, redis] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(() => this.kafka.describeCluster()),
      check(() => this.redis.ping()),
    ]);
    const checks: ReadinessChecks = { postgres, kafka, redis, consumers: this.consumerCheck() };
    const down = Object.entries(checks)
      .filter(([, result]) => result.status === 'down')
      .map(([name]) => name);
    if (down.length > 0) {
      const body: NotReadyResponse = {
        statusCode: 503,
        error: 'Service Unavailable',
        message: `not ready: ${down.join(', ')} ${down.length === 1 ? 'is' : 'are'} down`,
        checks,
      };
      throw new ServiceUnavailableException(body);
    }
    return { status: 'ok', checks };
  }

  /** Down while a consumer that crashed for good waits to be started again (see ConsumerSupervisor). */
  private consumerCheck(): DependencyCheck {
    const stopped = this.kafka.consumers.stopped();
    if (stopped.length === 0) return { status: 'up' };
    const names = stopped.map((consumer) => `${consumer.name} (${consumer.lastError ?? 'Error'})`).join(', ');
    return { status: 'down', error: `stopped after a crash, starting again: ${names}` };
  }
}

async function check(probe: () => Promise<unknown>): Promise<DependencyCheck> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
