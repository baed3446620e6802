import { DynamicModule, Module } from '@nestjs/common';
import { DeletionSdkCoreModule } from './deletion-sdk-core.module';
import type { DeletionSdkModuleAsyncOptions, DeletionSdkModuleOptions } from './deletion-sdk-module.options';

/**
 * Makes a Nest service a Lethe participant: import once in the root module, then mark one method per data store
 * with `@OnErasure()`.
 *
 * @example
 * DeletionSdkModule.forRootAsync({
 *   inject: [AppConfig],
 *   useFactory: (config: AppConfig) => ({ service: 'accounts', brokers: config.kafkaBrokers, signingKey: config.signingKey,
 *     commandVerificationKeys: config.commandPublicKeys,
 *     identityTypes: ['email', 'user_id'], dataCategories: ['account', 'profile'] }),
 * })
 */
@Module({})
export class DeletionSdkModule {
  static forRoot(options: DeletionSdkModuleOptions): DynamicModule {
    return { module: DeletionSdkModule, imports: [DeletionSdkCoreModule.forRoot(options)] };
  }

  static forRootAsync(options: DeletionSdkModuleAsyncOptions): DynamicModule {
    return { module: DeletionSdkModule, imports: [DeletionSdkCoreModule.forRootAsync(options)] };
  }
}
