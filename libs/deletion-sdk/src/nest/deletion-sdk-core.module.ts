import {
  DynamicModule,
  Global,
  Inject,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Provider,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DeletionClient } from '../client/deletion-client';
import { DeletionClientError, DeletionClientErrorCode } from '../core/deletion-client.error';
import { DELETION_CLIENT, DELETION_SDK_OPTIONS } from './deletion-sdk.constants';
import type { DeletionSdkModuleAsyncOptions, DeletionSdkModuleOptions } from './deletion-sdk-module.options';
import { ErasureHandlerExplorer } from './erasure-handler.explorer';
import { nestSdkLogger } from './nest-sdk-logger';

const clientProvider: Provider = {
  provide: DELETION_CLIENT,
  inject: [DELETION_SDK_OPTIONS],
  useFactory: (options: DeletionSdkModuleOptions) => {
    const { autoStart: _autoStart, ...clientOptions } = options;
    return new DeletionClient({ ...clientOptions, logger: clientOptions.logger ?? nestSdkLogger() });
  },
};

/**
 * Owns the one `DeletionClient` of the application: registers the `@OnErasure()` and `@OnVerify()` handlers once every provider
 * exists, starts the client at bootstrap and stops it, gracefully, at shutdown (enable Nest's shutdown hooks so
 * SIGTERM reaches it).
 */
@Global()
@Module({})
export class DeletionSdkCoreModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(DELETION_SDK_OPTIONS) private readonly options: DeletionSdkModuleOptions,
    @Inject(DELETION_CLIENT) private readonly client: DeletionClient,
    private readonly explorer: ErasureHandlerExplorer,
  ) {}

  static forRoot(options: DeletionSdkModuleOptions): DynamicModule {
    return DeletionSdkCoreModule.build([], { provide: DELETION_SDK_OPTIONS, useValue: options });
  }

  static forRootAsync(options: DeletionSdkModuleAsyncOptions): DynamicModule {
    return DeletionSdkCoreModule.build(options.imports ?? [], {
      provide: DELETION_SDK_OPTIONS,
      inject: options.inject ?? [],
      useFactory: options.useFactory,
    });
  }

  private static build(
    imports: NonNullable<DynamicModule['imports']>,
    optionsProvider: Provider,
  ): DynamicModule {
    return {
      module: DeletionSdkCoreModule,
      imports: [DiscoveryModule, ...imports],
      providers: [optionsProvider, clientProvider, ErasureHandlerExplorer],
      exports: [DELETION_CLIENT, DELETION_SDK_OPTIONS],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.explorer.explore();
    if (handlers.length === 0) {
      throw new DeletionClientError(
        DeletionClientErrorCode.NoHandlers,
        `DeletionSdkModule for service "${this.client.service}" found no @OnErasure() handler: decorate one method per data store on a provider`,
      );
    }
    for (const { name, handler } of handlers) this.client.onErasure(name, handler);
    for (const { name, handler } of this.explorer.exploreVerifyHandlers())
      this.client.onVerify(name, handler);
    if (this.options.autoStart ?? true) await this.client.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.stop();
  }
}
