import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';
import type { DeletionClientOptions } from '../client/deletion-client.options';

export interface DeletionSdkModuleOptions extends DeletionClientOptions {
  /**
   * Start the client (connect, announce, consume) during application bootstrap. Turn off in tests that start it
   * themselves or only use the harness.
   * @defaultValue true
   */
  autoStart?: boolean;
}

export interface DeletionSdkModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  /** Providers passed to `useFactory`, e.g. the service's config class. */
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  // `any`, as in Nest's own modules: the arguments are whatever `inject` resolves to at runtime, which the type
  // system cannot follow; this lets `useFactory: (config: AppConfig) => ...` type-check.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...args: any[]) => DeletionSdkModuleOptions | Promise<DeletionSdkModuleOptions>;
}
