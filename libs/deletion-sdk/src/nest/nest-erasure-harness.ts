import type { INestApplicationContext } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { DeletionClientError, DeletionClientErrorCode } from '../core/deletion-client.error';
import { createErasureHarness, ErasureHarness, ErasureHarnessOptions } from '../testing/erasure-harness';
import { DELETION_SDK_OPTIONS } from './deletion-sdk.constants';
import type { DeletionSdkModuleOptions } from './deletion-sdk-module.options';
import { ErasureHandlerExplorer } from './erasure-handler.explorer';

export interface NestErasureHarnessOptions extends Omit<
  ErasureHarnessOptions,
  'handlers' | 'service' | 'verifyHandlers'
> {
  /** @defaultValue the `service` of an imported `DeletionSdkModule` */
  service?: string;
}

/**
 * A test harness over the `@OnErasure()` handlers of a compiled Nest module — no Kafka, and `DeletionSdkModule`
 * need not be imported (pass `service` then). Handlers are found the same way the module finds them.
 *
 * @example
 * const moduleRef = await Test.createTestingModule({ providers: [AccountsEraser, { provide: UsersRepository, useValue: fakeRepo }] }).compile();
 * const harness = createNestErasureHarness(moduleRef, { service: 'accounts' });
 * await expect(harness.run()).resolves.toMatchObject({ outcome: 'not_found' });
 */
export function createNestErasureHarness(
  app: INestApplicationContext,
  options: NestErasureHarnessOptions = {},
): ErasureHarness {
  const explorer = new ErasureHandlerExplorer(
    new DiscoveryService(app.get(ModulesContainer)),
    new MetadataScanner(),
    new Reflector(),
  );
  const service = options.service ?? moduleService(app);
  const handlers = explorer.explore().map(({ name, handler }) => [name, handler] as const);
  const verifyHandlers = explorer
    .exploreVerifyHandlers()
    .map(({ name, handler }) => [name, handler] as const);
  return createErasureHarness({ ...options, service, handlers, verifyHandlers });
}

function moduleService(app: INestApplicationContext): string {
  try {
    return app.get<DeletionSdkModuleOptions>(DELETION_SDK_OPTIONS, { strict: false }).service;
  } catch {
    throw new DeletionClientError(
      DeletionClientErrorCode.InvalidOptions,
      'createNestErasureHarness: pass { service } or import DeletionSdkModule in the testing module',
    );
  }
}
