import { Test } from '@nestjs/testing';
import { SampleConfigModule } from './sample-config.module';
import { PostgresServiceConfig, SampleServiceConfig } from './sample-service-config';

class MarketingLikeConfig extends PostgresServiceConfig {
  failNext = 2;
}

class RedisLikeConfig extends SampleServiceConfig {
  redisUrl = 'redis://127.0.0.1:6379';
}

describe(SampleConfigModule.name, () => {
  it('provides one config instance under the service’s class and each of its base classes', async () => {
    const load = jest.fn(() => new MarketingLikeConfig());
    const moduleRef = await Test.createTestingModule({
      imports: [SampleConfigModule.forService(MarketingLikeConfig, load)],
    }).compile();
    const config = moduleRef.get(MarketingLikeConfig);
    expect(config.failNext).toBe(2);
    expect(moduleRef.get(PostgresServiceConfig)).toBe(config);
    expect(moduleRef.get(SampleServiceConfig)).toBe(config);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not pretend a service without a database has one', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [SampleConfigModule.forService(RedisLikeConfig, () => new RedisLikeConfig())],
    }).compile();
    expect(moduleRef.get(SampleServiceConfig)).toBe(moduleRef.get(RedisLikeConfig));
    expect(() => moduleRef.get(PostgresServiceConfig)).toThrow();
  });
});
