/** One column of a multi-row INSERT: its name, the PostgreSQL type of its array, and how a row gives its value. */
export interface InsertColumn<T> {
  name: string;
  type: string;
  value: (row: T) => unknown;
}

/** Runs one statement with positional parameters: an EntityManager, or a pg client. */
export interface SqlRunner {
  query(sql: string, parameters: unknown[]): Promise<unknown>;
}

/**
 * Inserts any number of rows in ONE statement whose parameters are one array per column (`INSERT … SELECT FROM
 * unnest(…)`): the statement text is the same for 1 row or 10,000, so PostgreSQL parses it cheaply and no
 * parameter limit caps the rows, and no ORM builds it row by row. A `jsonb` column takes its values as JSON text.
 */
export async function insertByUnnest<T>(
  db: SqlRunner,
  table: string,
  columns: readonly InsertColumn<T>[],
  rows: readonly T[],
  suffix = '',
): Promise<void> {
  if (rows.length === 0) return;
  const { text, parameters } = unnestInsert(table, columns, rows);
  await db.query(`${text} ${suffix}`.trim(), parameters);
}

/**
 * The statement `insertByUnnest` runs, with its parameters ($1 … $n, one per column), for a caller that makes it
 * part of a larger statement (a data-modifying CTE).
 */
export function unnestInsert<T>(
  table: string,
  columns: readonly InsertColumn<T>[],
  rows: readonly T[],
): { text: string; parameters: unknown[][] } {
  const names = columns.map((column) => column.name).join(', ');
  const arrays = columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(', ');
  const parameters = columns.map((column) =>
    rows.map((row) => {
      const value = column.value(row);
      return column.type === 'jsonb' && value !== null && value !== undefined ? JSON.stringify(value) : value;
    }),
  );
  return { text: `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`, parameters };
}
