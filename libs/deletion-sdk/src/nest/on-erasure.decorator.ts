import { SetMetadata } from '@nestjs/common';
import { ON_ERASURE_METADATA } from './deletion-sdk.constants';

export interface OnErasureMetadata {
  name?: string;
}

/**
 * Marks a provider method as the erasure handler of one data store. It receives an `ErasureContext` and returns
 * `deleted(n)`, `notFound()` or `retained(basis)`. Providers must be singletons (default scope).
 *
 * @param name - unique within the service, e.g. `postgres`
 * @defaultValue name: `<ClassName>.<methodName>`
 *
 * @example
 * \@OnErasure('postgres')
 * async erase(ctx: ErasureContext): Promise<HandlerOutcome> { ... }
 */
export const OnErasure = (name?: string): MethodDecorator =>
  SetMetadata<string, OnErasureMetadata>(ON_ERASURE_METADATA, { name });
