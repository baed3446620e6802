import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { DeletionClientError, DeletionClientErrorCode } from '../core/deletion-client.error';
import type { ErasureContext, ErasureHandler } from '../core/erasure-context';
import type { HandlerOutcome } from '../core/handler-outcome';
import { ON_ERASURE_METADATA } from './deletion-sdk.constants';
import type { OnErasureMetadata } from './on-erasure.decorator';

export interface DiscoveredErasureHandler {
  name: string;
  /** `ClassName.methodName`, for error messages. */
  source: string;
  handler: ErasureHandler;
}

/** Finds every `@OnErasure()` method among the application's providers and controllers. */
@Injectable()
export class ErasureHandlerExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** Fails fast on duplicate names and on handlers the SDK cannot call (request-scoped providers). */
  explore(): DiscoveredErasureHandler[] {
    const found: DiscoveredErasureHandler[] = [];
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const wrapper of wrappers) {
      found.push(...this.exploreWrapper(wrapper));
    }
    const seen = new Map<string, string>();
    for (const { name, source } of found) {
      const earlier = seen.get(name);
      if (earlier !== undefined) {
        throw new DeletionClientError(
          DeletionClientErrorCode.DuplicateHandler,
          `@OnErasure('${name}') is declared twice: on ${earlier} and on ${source}; give each store's handler its own name`,
        );
      }
      seen.set(name, source);
    }
    return found;
  }

  private exploreWrapper(wrapper: InstanceWrapper): DiscoveredErasureHandler[] {
    const { instance } = wrapper;
    // Value and factory providers may be primitives or objects without a class of their own.
    if (!instance || typeof instance !== 'object' || !wrapper.metatype || wrapper.isAlias) return [];
    const prototype = Object.getPrototypeOf(instance) as object | null;
    if (!prototype) return [];
    const className = (instance as object).constructor.name;
    const handlers: DiscoveredErasureHandler[] = [];
    for (const methodName of this.scanner.getAllMethodNames(prototype)) {
      const method = (prototype as Record<string, unknown>)[methodName];
      if (typeof method !== 'function') continue;
      const metadata = this.reflector.get<OnErasureMetadata | undefined>(ON_ERASURE_METADATA, method);
      if (!metadata) continue;
      const source = `${className}.${methodName}`;
      if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient) {
        throw new DeletionClientError(
          DeletionClientErrorCode.InvalidOptions,
          `@OnErasure on ${source}: the provider must be a singleton (default scope), not request-scoped or transient`,
        );
      }
      const bound = method.bind(instance) as (
        ctx: ErasureContext,
      ) => Promise<HandlerOutcome> | HandlerOutcome;
      handlers.push({ name: metadata.name ?? source, source, handler: bound });
    }
    return handlers;
  }
}
