import { DeletionClientError, DeletionClientErrorCode } from './deletion-client.error';
import type { ErasureHandler } from './erasure-context';

const HANDLER_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;

/**
 * A service's handlers of one kind by name — one per store, e.g. `postgres`, `redis`, `s3-avatars`. Erasure handlers
 * by default; the verify handlers use a registry of their own.
 */
export class ErasureHandlerRegistry<H = ErasureHandler> {
  private readonly handlers = new Map<string, H>();

  constructor(private readonly kind: 'erasure' | 'verify' = 'erasure') {}

  register(name: string, handler: H): void {
    const article = this.kind === 'erasure' ? 'an' : 'a';
    if (!HANDLER_NAME.test(name)) {
      throw new DeletionClientError(
        DeletionClientErrorCode.InvalidOptions,
        `invalid ${this.kind} handler name "${name}": expected ${HANDLER_NAME.source}`,
      );
    }
    if (typeof handler !== 'function') {
      throw new DeletionClientError(
        DeletionClientErrorCode.InvalidOptions,
        `${this.kind} handler "${name}" is not a function`,
      );
    }
    if (this.handlers.has(name)) {
      throw new DeletionClientError(
        DeletionClientErrorCode.DuplicateHandler,
        `${article} ${this.kind} handler named "${name}" is already registered; give each store's handler its own name`,
      );
    }
    this.handlers.set(name, handler);
  }

  get size(): number {
    return this.handlers.size;
  }

  names(): string[] {
    return [...this.handlers.keys()];
  }

  /** A snapshot, so registrations cannot change the set of handlers of a command already running. */
  snapshot(): ReadonlyMap<string, H> {
    return new Map(this.handlers);
  }
}
