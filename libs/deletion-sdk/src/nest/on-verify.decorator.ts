import { SetMetadata } from '@nestjs/common';
import { ON_VERIFY_METADATA } from './deletion-sdk.constants';
import type { OnErasureMetadata } from './on-erasure.decorator';

/**
 * Marks a provider method as the verify handler of one data store: some time after an erasure completed, it is
 * asked whether the subject is still there. It receives a `VerificationContext` and returns `absent()` or
 * `present(records)`; it must only read. Providers must be singletons (default scope).
 *
 * @param name - unique within the service, usually the store's `@OnErasure` name
 * @defaultValue name: `<ClassName>.<methodName>`
 *
 * @example
 * \@OnVerify('postgres')
 * async verify(ctx: VerificationContext): Promise<VerifyOutcome> { ... }
 */
export const OnVerify = (name?: string): MethodDecorator =>
  SetMetadata<string, OnErasureMetadata>(ON_VERIFY_METADATA, { name });
