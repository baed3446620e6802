// Plain values with no Nest import, so the framework-free test harness can share them.

/** Injection token of the module's `DeletionSdkModuleOptions`. */
export const DELETION_SDK_OPTIONS = Symbol('lethe:deletion-sdk-options');

/** Injection token of the module's `DeletionClient`; prefer `@InjectDeletionClient()`. */
export const DELETION_CLIENT = Symbol('lethe:deletion-client');

/** Metadata key `@OnErasure()` writes on a handler method. */
export const ON_ERASURE_METADATA = 'lethe:on-erasure';

/** Metadata key `@OnVerify()` writes on a verify handler method. */
export const ON_VERIFY_METADATA = 'lethe:on-verify';
