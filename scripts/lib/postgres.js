'use strict';
// Creates and drops the databases named by connection URLs (the app's, a test run's, the demo's) on a server that is
// already running. CREATE/DROP DATABASE cannot run inside the target database itself, so both go through the
// server's `postgres` maintenance database with the same credentials.

const { Client } = require('pg');

const CONNECT_TIMEOUT_MS = 5_000;
const SAFE_NAME = /^[A-Za-z0-9_]+$/;
// Dropping these would break the server for everyone, not just for Lethe.
const PROTECTED_DATABASES = new Set(['postgres', 'template0', 'template1']);
const DUPLICATE_DATABASE = '42P04';
// Two concurrent CREATE DATABASE of one name can also collide on pg_database's unique index.
const UNIQUE_VIOLATION = '23505';

function databaseName(databaseUrl) {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!SAFE_NAME.test(name)) {
    throw new Error(`database name "${name}" in ${redact(databaseUrl)} must match ${SAFE_NAME}`);
  }
  return name;
}

function maintenanceUrl(databaseUrl) {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

async function withClient(connectionString, fn, connectTimeoutMs = CONNECT_TIMEOUT_MS) {
  const client = new Client({ connectionString, connectionTimeoutMillis: connectTimeoutMs });
  // An idle client whose server goes away emits 'error'; unhandled, that would crash the caller.
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(databaseUrl) {
  const name = databaseName(databaseUrl);
  return withClient(maintenanceUrl(databaseUrl), async (client) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount > 0) return { name, created: false };
    try {
      await client.query(`CREATE DATABASE "${name}"`);
      return { name, created: true };
    } catch (err) {
      if (err.code === DUPLICATE_DATABASE || err.code === UNIQUE_VIOLATION) return { name, created: false };
      throw err;
    }
  });
}

async function dropDatabase(databaseUrl) {
  const name = databaseName(databaseUrl);
  if (PROTECTED_DATABASES.has(name)) throw new Error(`refusing to drop the "${name}" database`);
  return withClient(maintenanceUrl(databaseUrl), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    return { name };
  });
}

async function isPostgresReachable(databaseUrl, timeoutMs = 3_000) {
  try {
    await withClient(databaseUrl, (client) => client.query('SELECT 1'), timeoutMs);
    return true;
  } catch {
    return false;
  }
}

function redact(databaseUrl) {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<unparseable database URL>';
  }
}

module.exports = { ensureDatabase, dropDatabase, isPostgresReachable, databaseName, redact };
