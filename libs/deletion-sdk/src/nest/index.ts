export {
  DELETION_CLIENT,
  DELETION_SDK_OPTIONS,
  ON_ERASURE_METADATA,
  ON_VERIFY_METADATA,
} from './deletion-sdk.constants';
export { DeletionSdkModule } from './deletion-sdk.module';
export type { DeletionSdkModuleAsyncOptions, DeletionSdkModuleOptions } from './deletion-sdk-module.options';
export { InjectDeletionClient } from './inject-deletion-client.decorator';
export { createNestErasureHarness, type NestErasureHarnessOptions } from './nest-erasure-harness';
export { nestSdkLogger } from './nest-sdk-logger';
export { OnErasure } from './on-erasure.decorator';
export { OnVerify } from './on-verify.decorator';
export { RedactingConsoleLogger } from './redacting-console-logger';
