import { DynamicModule, Global, Module, Provider, Type } from '@nestjs/common';
import { SampleServiceConfig } from './sample-service-config';

@Global()
@Module({})
export class SampleConfigModule {
  /**
   * Provides the service's config, loaded once at boot, under its own class and under each base class, so the
   * shared wiring can inject `SampleServiceConfig` or `PostgresServiceConfig` whatever the service adds to them.
   */
  static forService<T extends SampleServiceConfig>(type: Type<T>, load: () => T): DynamicModule {
    const bases = baseClassesOf(type);
    const providers: Provider[] = [
      { provide: type, useFactory: load },
      ...bases.map((base) => ({ provide: base, useExisting: type })),
    ];
    return { module: SampleConfigModule, providers, exports: [type, ...bases] };
  }
}

function baseClassesOf(type: Type<SampleServiceConfig>): Type<SampleServiceConfig>[] {
  const bases: Type<SampleServiceConfig>[] = [];
  let base = Object.getPrototypeOf(type) as Type<SampleServiceConfig>;
  while (base === SampleServiceConfig || base.prototype instanceof SampleServiceConfig) {
    bases.push(base);
    base = Object.getPrototypeOf(base) as Type<SampleServiceConfig>;
  }
  return bases;
}
