import { types } from 'pg';
import type { ChainRow } from './ledger.repository';
import type { StreamRange } from './ledger-verification';

/**
 * The whole-ledger verification's one read of every row, as SQL and row decoding only, so the coordinator's pool
 * (LedgerRepository.chainRows) and a verification worker's own connection run the very same statement.
 */

/**
 * `at` as the text `Date.prototype.toISOString` makes of it, for the years where both write four digits (every
 * real event); any other year comes as PostgreSQL's text and goes through node-postgres's own parsing.
 */
const AT_ISO = `CASE WHEN e.at >= '0001-01-01T00:00:00Z' AND e.at < '10000-01-01T00:00:00Z'
                     THEN to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                     ELSE e.at::text END`;
const parseTimestamptz = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date;

type ChainRowColumns = [
  string,
  number,
  string,
  string,
  string,
  unknown,
  string,
  string,
  number | null,
  string | null,
];

/** A node-postgres client (the pool's, or a worker's own), as far as reading pages in array mode goes. */
export interface ArrayRowsClient {
  query<R>(config: { text: string; values: unknown[]; rowMode: 'array' }): Promise<{ rows: R[] }>;
}

/** One page of the scan read on `client`: the statement run in array mode, its rows decoded. */
export async function readChainRows(
  client: ArrayRowsClient,
  range: StreamRange,
  after: { stream: string; seq: number } | undefined,
  limit: number,
): Promise<ChainRow[]> {
  const { rows } = await client.query<ChainRowColumns>({
    ...chainRowsQuery(range, after, limit),
    rowMode: 'array',
  });
  return chainRowsOf(rows);
}

/** The query of one page. */
function chainRowsQuery(
  range: StreamRange,
  after: { stream: string; seq: number } | undefined,
  limit: number,
): { text: string; values: unknown[] } {
  const values: unknown[] = [limit];
  const param = (value: unknown): string => `$${values.push(value)}`;
  const where: string[] = [];
  // the bounds on s.stream let the join start at the page instead of at the first stream (quadratic otherwise)
  const joinBounds: string[] = [];
  if (after) {
    const [stream, seq] = [param(after.stream), param(after.seq)];
    where.push(`(e.stream, e.seq) > (${stream}, ${seq})`);
    joinBounds.push(`s.stream >= ${stream}`);
  } else if (range.from !== undefined) {
    const from = param(range.from);
    where.push(`e.stream >= ${from}`);
    joinBounds.push(`s.stream >= ${from}`);
  }
  if (range.to !== undefined) {
    const to = param(range.to);
    where.push(`e.stream < ${to}`);
    joinBounds.push(`s.stream < ${to}`);
  }
  const text = `SELECT e.stream, e.seq, e.type, ${AT_ISO}, e.actor, e.data, e.prev_hash, e.hash,
                       s.head_seq, s.head_hash
                  FROM audit_events e
                  LEFT JOIN audit_streams s ON s.stream = e.stream ${joinBounds.map((b) => `AND ${b}`).join(' ')}
                 ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY e.stream, e.seq
                 LIMIT $1`;
  return { text, values };
}

/** Rows as node-postgres returns them in array mode (no per-column object), into ChainRows. */
function chainRowsOf(rows: readonly ChainRowColumns[]): ChainRow[] {
  const out: ChainRow[] = new Array<ChainRow>(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const [stream, seq, type, at, actor, data, prevHash, hash, headSeq, headHash] = rows[i];
    out[i] = { stream, seq, type, at: isoTime(at), actor, data, prevHash, hash, headSeq, headHash };
  }
  return out;
}

function isoTime(text: string): string {
  if (text.endsWith('Z')) return text;
  const at = parseTimestamptz(text);
  // a time JavaScript cannot hold was never written by the coordinator: let it fail its hash, not the scan
  return Number.isNaN(at.getTime()) ? text : at.toISOString();
}
