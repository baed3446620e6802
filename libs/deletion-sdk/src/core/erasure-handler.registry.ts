import { DeletionClientError, DeletionClientErrorCode } from './deletion-client.error';
import type { ErasureHandler } from './erasure-context';

const HANDLER_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;

/** A service's erasure handlers by name — one per store, e.g. `postgres`, `redis`, `s3-avatars`. */
export class ErasureHandlerRegistry {
  private readonly handlers = new Map<string, ErasureHandler>();

  register(name: string, handler: ErasureHandler): void {
    if (!HANDLER_NAME.test(name)) {
      throw new DeletionClientError(
        DeletionClientErrorCode.InvalidOptions,
        `invalid erasure handler name "${name}": expected ${HANDLER_NAME.source}`,
      );
    }
    if (typeof handler !== 'function') {
      throw new DeletionClientError(
        DeletionClientErrorCode.InvalidOptions,
        `erasure handler "${name}" is not a function`,
      );
    }
    if (this.handlers.has(name)) {
      throw new DeletionClientError(
        DeletionClientErrorCode.DuplicateHandler,
        `an erasure handler named "${name}" is already registered; give each store's handler its own name`,
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
  snapshot(): ReadonlyMap<string, ErasureHandler> {
    return new Map(this.handlers);
  }
}
