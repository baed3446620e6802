import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditData } from './audit-event.entity';
import { ChainedEvent, GENESIS_HASH, GENESIS_HEAD, sealEvents, StoredEvent, StreamHead } from './audit-chain';
import { InsertColumn, UnnestInsert, unnestInsert, unnestInsertOf } from '../database/unnest-insert';
import type { StreamRange } from './ledger-verification';
import { ArrayRowsClient, readChainRows } from './chain-rows.query';

export interface NewAuditEvent {
  type: string;
  actor: string;
  data: AuditData;
}

export const REQUEST_STREAM_PREFIX = 'request:';
export const requestStream = (requestId: string): string => `${REQUEST_STREAM_PREFIX}${requestId}`;

/**
 * An event as the whole-ledger verification reads it, with the head of its stream from the same statement (both
 * null when the head row is missing).
 */
export interface ChainRow extends StoredEvent {
  headSeq: number | null;
  headHash: string | null;
}

/** An event as exported, with an opaque position to continue after. */
export interface ExportRow extends ChainedEvent {
  position: ExportPosition;
}

/** `at` travels as text so the cursor keeps PostgreSQL's microseconds, whatever a JS Date would round to. */
export interface ExportPosition {
  id: string;
  at: string;
  seq: number;
}

export interface ExportFilter {
  since?: Date;
  stream?: string;
}

const EVENT_COLUMNS = `e.stream, e.seq, e.type, e.at, e.actor, e.data, e.prev_hash AS "prevHash", e.hash`;

/** Appends and reads the tamper-evident audit ledger. Appends run inside the caller's transaction. */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends events to one stream, under its head's row lock (see `appendToStreams`). */
  async append(manager: EntityManager, stream: string, events: NewAuditEvent[], at: Date): Promise<void> {
    await this.appendToStreams(manager, [{ stream, events }], at);
  }

  /**
   * `append` for many streams in two statements, however many streams and events (for work over many requests at
   * once). The first locks every head in stream order, creating the missing ones, and returns them: an upsert
   * whose `DO UPDATE` rewrites a head as it is, so PostgreSQL takes the row lock and returns the latest committed
   * head even when it had to wait for another appender (a plain SELECT in the same statement would see the
   * statement's older snapshot). Two batches over overlapping streams therefore wait for each other instead of
   * deadlocking, and the second sees the first's head. The second statement writes the events and moves the heads
   * together. The caller holds the request locks first, as for `append`.
   */
  async appendToStreams(
    manager: EntityManager,
    appends: { stream: string; events: NewAuditEvent[] }[],
    at: Date,
  ): Promise<void> {
    const work = appends.filter((entry) => entry.events.length > 0);
    if (work.length === 0) return;
    const streams = [...new Set(work.map((entry) => entry.stream))].sort();
    const heads: HeadRow[] = await manager.query(LOCK_HEADS, [streams, GENESIS_HASH]);
    const head = new Map(heads.map((row) => [row.stream, { seq: row.seq, hash: row.hash }]));
    if (head.size !== streams.length) throw new Error('an audit stream head was neither created nor locked');
    const rows: ChainedEvent[] = [];
    for (const { stream, events } of work) {
      const sealed = sealEvents(stream, head.get(stream)!, events, at);
      for (const event of sealed.events) rows.push(event);
      head.set(stream, sealed.head);
    }
    await withEvents(
      manager,
      rows,
      `UPDATE audit_streams s SET head_seq = v.seq, head_hash = v.hash
         FROM ${HEAD_ARRAYS} AS v(stream, seq, hash) WHERE s.stream = v.stream`,
      headParameters(streams.map((stream) => ({ stream, ...head.get(stream)! }))),
    );
  }

  /**
   * Starts streams that do not exist yet (a new request's) with their first events: the inserts of the events and
   * of the heads, as parts of the caller's `insertAllByUnnest` (one statement with the request's own rows). The heads
   * are inserted already pointing at the last event, so nothing needs locking. A stream that exists already is a
   * bug in the caller, and the unique keys refuse it rather than forking the chain.
   */
  startingStreams(starts: readonly { stream: string; events: NewAuditEvent[] }[], at: Date): UnnestInsert[] {
    const rows: ChainedEvent[] = [];
    const heads: HeadRow[] = [];
    for (const { stream, events } of starts) {
      if (events.length === 0) continue;
      const sealed = sealEvents(stream, GENESIS_HEAD, events, at);
      for (const event of sealed.events) rows.push(event);
      heads.push({ stream, ...sealed.head });
    }
    return [
      unnestInsertOf('audit_events', INSERT_COLUMNS, rows),
      unnestInsertOf('audit_streams', HEAD_COLUMNS, heads),
    ];
  }

  /**
   * One stream's events and head from a single snapshot, so an append landing in between cannot make a sound
   * chain look truncated. Meant for streams of bounded length (one request's); whole-ledger reads page instead.
   */
  async readStream(stream: string): Promise<{ events: ChainedEvent[]; head: StreamHead | null }> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const events: ChainedEvent[] = await manager.query(
        `SELECT ${EVENT_COLUMNS} FROM audit_events e WHERE e.stream = $1 ORDER BY e.seq`,
        [stream],
      );
      const heads: { seq: number; hash: string }[] = await manager.query(
        `SELECT head_seq AS seq, head_hash AS hash FROM audit_streams WHERE stream = $1`,
        [stream],
      );
      return { events, head: heads[0] ?? null };
    });
  }

  /**
   * Every event of the streams in `range`, in (stream, seq) order after `after`, each with its stream's head
   * (keyset on the unique index). This is the one read of every row of the ledger, so it skips what costs per row:
   * rows come as arrays straight from node-postgres (no ORM, no per-column object), and `at` as ISO text made by
   * PostgreSQL.
   */
  async chainRows(
    range: StreamRange,
    after: { stream: string; seq: number } | undefined,
    limit: number,
  ): Promise<ChainRow[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await readChainRows((await runner.connect()) as ArrayRowsClient, range, after, limit);
    } finally {
      await runner.release();
    }
  }

  /**
   * Stream names that cut the ledger's streams (by their heads, an index-only read of the primary key) into
   * `parts` about equal parts, ascending in the column's collation; fewer when there are fewer streams.
   */
  async streamBoundaries(parts: number): Promise<string[]> {
    if (parts < 2) return [];
    const rows: { stream: string }[] = await this.dataSource.query(
      `SELECT min(stream) AS stream
         FROM (SELECT stream, ntile($1) OVER (ORDER BY stream) AS part FROM audit_streams) cut
        WHERE part > 1
        GROUP BY part
        ORDER BY part`,
      [parts],
    );
    return rows.map((row) => row.stream);
  }

  /** Streams whose head survives but whose events are all gone, by name after `after`. */
  async headsWithoutEvents(
    after: string | undefined,
    limit: number,
  ): Promise<{ stream: string; head: StreamHead }[]> {
    const rows: HeadRow[] = await this.dataSource.query(
      `SELECT s.stream, s.head_seq AS seq, s.head_hash AS hash
         FROM audit_streams s
        WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.stream = s.stream)
          ${after === undefined ? '' : 'AND s.stream > $2'}
        ORDER BY s.stream
        LIMIT $1`,
      after === undefined ? [limit] : [limit, after],
    );
    return rows.map(({ stream, seq, hash }) => ({ stream, head: { seq, hash } }));
  }

  /** Erasure requests without any audit stream: their whole trail was deleted (each request starts one). */
  async missingStreams(after: string | undefined, limit: number): Promise<string[]> {
    const rows: { stream: string }[] = await this.dataSource.query(
      `SELECT $2 || r.id AS stream
         FROM erasure_requests r
        WHERE NOT EXISTS (SELECT 1 FROM audit_streams s WHERE s.stream = $2 || r.id)
          ${after === undefined ? '' : `AND r.id > $3::uuid`}
        ORDER BY r.id
        LIMIT $1`,
      after === undefined
        ? [limit, REQUEST_STREAM_PREFIX]
        : [limit, REQUEST_STREAM_PREFIX, after.slice(REQUEST_STREAM_PREFIX.length)],
    );
    return rows.map((row) => row.stream);
  }

  /**
   * A page of the export. One stream is read in seq order on (stream, seq); the whole ledger in (at, id) order on
   * ix_audit_events_at_id, so `since` starts at the right place instead of filtering the whole table.
   */
  async exportRows(
    filter: ExportFilter,
    after: ExportPosition | undefined,
    limit: number,
  ): Promise<ExportRow[]> {
    const params: unknown[] = [limit];
    const where: string[] = [];
    const param = (value: unknown): string => `$${params.push(value)}`;
    if (filter.stream !== undefined) where.push(`e.stream = ${param(filter.stream)}`);
    if (filter.since) where.push(`e.at >= ${param(filter.since)}`);
    if (after && filter.stream !== undefined) where.push(`e.seq > ${param(after.seq)}`);
    if (after && filter.stream === undefined) {
      where.push(`(e.at, e.id) > (${param(after.at)}::timestamptz, ${param(after.id)}::bigint)`);
    }
    const rows: (ChainedEvent & { id: string; atText: string })[] = await this.dataSource.query(
      `SELECT e.id, ${EVENT_COLUMNS},
              to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "atText"
         FROM audit_events e
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${filter.stream === undefined ? 'e.at, e.id' : 'e.seq'}
        LIMIT $1`,
      params,
    );
    return rows.map(({ id, atText, ...event }) => ({
      ...event,
      position: { id, at: atText, seq: event.seq },
    }));
  }
}

const INSERT_COLUMNS: InsertColumn<ChainedEvent>[] = [
  { name: 'stream', type: 'text', value: (e) => e.stream },
  { name: 'seq', type: 'int', value: (e) => e.seq },
  { name: 'type', type: 'text', value: (e) => e.type },
  { name: 'at', type: 'timestamptz', value: (e) => e.at },
  { name: 'actor', type: 'text', value: (e) => e.actor },
  { name: 'data', type: 'jsonb', value: (e) => e.data },
  { name: 'prev_hash', type: 'text', value: (e) => e.prevHash },
  { name: 'hash', type: 'text', value: (e) => e.hash },
];

/** A stream's head as a row: what a new stream starts at, or what an append moves it to. */
interface HeadRow {
  stream: string;
  seq: number;
  hash: string;
}

const HEAD_COLUMNS: InsertColumn<HeadRow>[] = [
  { name: 'stream', type: 'text', value: (h) => h.stream },
  { name: 'head_seq', type: 'int', value: (h) => h.seq },
  { name: 'head_hash', type: 'text', value: (h) => h.hash },
];

/** The heads a statement after the events writes: its parameters come after the events' ones. */
const HEAD_ARRAYS = `unnest($${INSERT_COLUMNS.length + 1}::text[], $${INSERT_COLUMNS.length + 2}::int[],
                            $${INSERT_COLUMNS.length + 3}::text[])`;

function headParameters(heads: HeadRow[]): unknown[] {
  return [heads.map((h) => h.stream), heads.map((h) => h.seq), heads.map((h) => h.hash)];
}

/**
 * Inserts the events ((stream, seq) is unique, so a forked chain is refused) and runs `statement` (which numbers its parameters after the events') as ONE statement: the
 * insert is a data-modifying CTE, so both happen or neither does, in one round trip.
 */
async function withEvents(
  manager: EntityManager,
  rows: ChainedEvent[],
  statement: string,
  parameters: unknown[],
): Promise<void> {
  const insert = unnestInsert('audit_events', INSERT_COLUMNS, rows);
  await manager.query(`WITH inserted_events AS (${insert.text}) ${statement}`, [
    ...insert.parameters,
    ...parameters,
  ]);
}

/**
 * Locks the heads of $1 in stream order (the column's collation, as every appender), inserting a genesis head ($2) for a stream that has none, and
 * returns them all. `ON CONFLICT DO UPDATE` locks the existing row and sees its latest committed version (READ
 * COMMITTED), and its no-op SET makes RETURNING report it.
 */
const LOCK_HEADS = `
  INSERT INTO audit_streams AS h (stream, head_seq, head_hash)
  SELECT s, 0, $2 FROM unnest($1::text[]) AS s ORDER BY s
  ON CONFLICT (stream) DO UPDATE SET head_seq = h.head_seq
  RETURNING h.stream, h.head_seq AS seq, h.head_hash AS hash`;
