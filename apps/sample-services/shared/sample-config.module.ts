import { DynamicModule, Global, Module } from '@nestjs/common';
import { loadSampleServiceConfig, SampleServiceConfig, SampleServiceDefaults } from './sample-service-config';

@Global()
@Module({})
export class SampleConfigModule {
  static forService(defaults: SampleServiceDefaults): DynamicModule {
    return {
      module: SampleConfigModule,
      providers: [{ provide: SampleServiceConfig, useFactory: () => loadSampleServiceConfig(defaults) }],
      exports: [SampleServiceConfig],
    };
  }
}
