import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { DeletionClientError, DeletionClientErrorCode } from '../core/deletion-client.error';
import type { ErasureHandler } from '../core/erasure-context';
import type { VerifyHandler } from '../core/verify-handler';
import { ON_ERASURE_METADATA, ON_VERIFY_METADATA } from './deletion-sdk.constants';
import type { OnErasureMetadata } from './on-erasure.decorator';

export interface DiscoveredHandler<H> {
  name: string;
  /** `ClassName.methodName`, for error messages. */
  source: string;
  handler: H;
}

export type DiscoveredErasureHandler = DiscoveredHandler<ErasureHandler>;

/** The two kinds of decorated method: the metadata key and the decorator's name for messages. */
const KINDS = {
  erasure: { metadata: ON_ERASURE_METADATA, decorator: '@OnErasure' },
  verify: { metadata: ON_VERIFY_METADATA, decorator: '@OnVerify' },
} as const;

/** Finds every `@OnErasure()` (or `@OnVerify()`) method among the application's providers and controllers. */
@Injectable()
export class ErasureHandlerExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** Fails fast on duplicate names and on handlers the SDK cannot call (request-scoped providers). */
  explore(): DiscoveredErasureHandler[] {
    return this.exploreKind<ErasureHandler>('erasure');
  }

  /** The `@OnVerify()` methods, with the same checks. */
  exploreVerifyHandlers(): DiscoveredHandler<VerifyHandler>[] {
    return this.exploreKind<VerifyHandler>('verify');
  }

  private exploreKind<H>(kind: keyof typeof KINDS): DiscoveredHandler<H>[] {
    const found: DiscoveredHandler<H>[] = [];
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const wrapper of wrappers) {
      found.push(...this.exploreWrapper<H>(wrapper, kind));
    }
    const seen = new Map<string, string>();
    for (const { name, source } of found) {
      const earlier = seen.get(name);
      if (earlier !== undefined) {
        throw new DeletionClientError(
          DeletionClientErrorCode.DuplicateHandler,
          `${KINDS[kind].decorator}('${name}') is declared twice: on ${earlier} and on ${source}; give each store's handler its own name`,
        );
      }
      seen.set(name, source);
    }
    return found;
  }

  private exploreWrapper<H>(wrapper: InstanceWrapper, kind: keyof typeof KINDS): DiscoveredHandler<H>[] {
    const { instance } = wrapper;
    // Value and factory providers may be primitives or objects without a class of their own.
    if (!instance || typeof instance !== 'object' || !wrapper.metatype || wrapper.isAlias) return [];
    const prototype = Object.getPrototypeOf(instance) as object | null;
    if (!prototype) return [];
    const className = (instance as object).constructor.name;
    const handlers: DiscoveredHandler<H>[] = [];
    for (const methodName of this.scanner.getAllMethodNames(prototype)) {
      const method = (prototype as Record<string, unknown>)[methodName];
      if (typeof method !== 'function') continue;
      const metadata = this.reflector.get<OnErasureMetadata | undefined>(KINDS[kind].metadata, method);
      if (!metadata) continue;
      const source = `${className}.${methodName}`;
      if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient) {
        throw new DeletionClientError(
          DeletionClientErrorCode.InvalidOptions,
          `${KINDS[kind].decorator} on ${source}: the provider must be a singleton (default scope), not request-scoped or transient`,
        );
      }
      const bound = method.bind(instance) as H;
      handlers.push({ name: metadata.name ?? source, source, handler: bound });
    }
    return handlers;
  }
}
