// Types for postgres.js.
export function ensureDatabase(databaseUrl: string): Promise<{ name: string; created: boolean }>;
export function dropDatabase(databaseUrl: string): Promise<void>;
export function isPostgresReachable(databaseUrl: string, timeoutMs?: number): Promise<boolean>;
export function databaseName(databaseUrl: string): string;
export function redact(databaseUrl: string): string;
