import type { Socket } from 'node:net';
import { Client, type ClientConfig } from 'pg';

/**
 * A node-postgres client that destroys its own connection when a query has had no answer for `timeoutMs`.
 *
 * node-postgres's own `query_timeout` fails the query but keeps the connection, whose unanswered query then blocks
 * every later one, and TypeORM hands that connection back to the pool as healthy. Destroying the socket instead
 * fails the query with a connection error, TypeORM releases the client with that error, the pool drops it, and
 * the next transaction gets a fresh connection: a relay or sweep loop waiting on that query wakes up and retries.
 */
export function guardedPgClient(timeoutMs: number, onHung: (message: string) => void): typeof Client {
  return class HungQueryGuardedClient extends Client {
    constructor(config?: string | ClientConfig) {
      super(config);
      const query = this.query.bind(this) as (...args: unknown[]) => unknown;
      Object.assign(this, {
        query: (...args: unknown[]) => {
          const result = query(...args);
          if (!isPromise(result)) return result;
          const timer = setTimeout(() => {
            onHung(`a query had no answer within ${timeoutMs} ms: dropping its connection`);
            (this as unknown as { connection: { stream: Socket } }).connection.stream.destroy();
          }, timeoutMs);
          timer.unref();
          // both branches settle the watcher; the caller still gets the original promise and its rejection
          result.then(
            () => clearTimeout(timer),
            () => clearTimeout(timer),
          );
          return result;
        },
      });
    }
  };
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | undefined)?.then === 'function';
}
