import { Module } from '@nestjs/common';
import { RedisProbe } from './redis-probe';

/** The readiness probes; HealthController itself is declared by AppModule. */
@Module({ providers: [RedisProbe], exports: [RedisProbe] })
export class HealthModule {}
