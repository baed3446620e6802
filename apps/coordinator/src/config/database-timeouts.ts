/** How long the coordinator lets PostgreSQL take, so that no hung query or connection freezes a loop for ever. */
export interface DatabaseTimeouts {
  poolSize: number;
  /** Opening a connection (TCP and start-up). */
  connectTimeoutMs: number;
  /** Server side: one statement; PostgreSQL cancels it and the transaction fails. */
  statementTimeoutMs: number;
  /** Server side: a transaction left open with nothing running (a crashed or stuck client) is ended. */
  idleInTransactionTimeoutMs: number;
  /**
   * Client side: the answer to one query. A connection that went half-open (the server or the network vanished
   * without a FIN) never answers, and the server's statement timeout cannot reach us: past this the connection is
   * destroyed (see common/guarded-pg-client.ts), its query fails, and the pool opens a new one.
   */
  queryTimeoutMs: number;
  /** TCP keepalive on every connection, so the kernel notices a dead peer of an idle connection. */
  keepAliveInitialDelayMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: Readonly<DatabaseTimeouts> = Object.freeze({
  poolSize: 20,
  connectTimeoutMs: 10_000,
  statementTimeoutMs: 30_000,
  idleInTransactionTimeoutMs: 60_000,
  queryTimeoutMs: 35_000,
  keepAliveInitialDelayMs: 10_000,
});

/** Problems with a set of timeouts, for the config's report; empty when they are consistent. */
export function validateDatabaseTimeouts(timeouts: DatabaseTimeouts): string[] {
  const problems: string[] = [];
  if (timeouts.queryTimeoutMs <= timeouts.statementTimeoutMs) {
    problems.push(
      'LETHE_DB_QUERY_TIMEOUT_MS must be longer than LETHE_DB_STATEMENT_TIMEOUT_MS, so the server cancels a slow ' +
        'statement before the client gives up on its connection',
    );
  }
  return problems;
}

/**
 * node-postgres settings of one connection for the timeouts: the pool's (database/pool-settings.ts), and a ledger
 * verification worker's own connection.
 */
export function connectionSettings(timeouts: DatabaseTimeouts): {
  connectionTimeoutMillis: number;
  statement_timeout: number;
  idle_in_transaction_session_timeout: number;
  keepAlive: boolean;
  keepAliveInitialDelayMillis: number;
} {
  return {
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    statement_timeout: timeouts.statementTimeoutMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: timeouts.keepAliveInitialDelayMs,
  };
}
