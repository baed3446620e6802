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

/** One table's part of `insertAllByUnnest`: its rows, and its statement once it knows its first parameter. */
export interface UnnestInsert {
  rows: number;
  statement(firstParameter: number): { text: string; parameters: unknown[][] };
}

/** `rows` of `table` as a part of `insertAllByUnnest`. */
export function unnestInsertOf<T>(
  table: string,
  columns: readonly InsertColumn<T>[],
  rows: readonly T[],
): UnnestInsert {
  return {
    rows: rows.length,
    statement: (firstParameter) => unnestInsert(table, columns, rows, firstParameter),
  };
}

/**
 * Inserts into several tables in ONE statement (one round trip), each table's rows as `unnestInsert` writes
 * them: all but the last as data-modifying CTEs. Every insert happens or none does; a foreign key between them is checked at
 * the end of the statement, so a row may reference one inserted beside it (a task its new request).
 */
export async function insertAllByUnnest(db: SqlRunner, inserts: readonly UnnestInsert[]): Promise<void> {
  const parameters: unknown[] = [];
  const statements = inserts
    .filter((insert) => insert.rows > 0)
    .map((insert) => {
      const statement = insert.statement(parameters.length + 1);
      parameters.push(...statement.parameters);
      return statement.text;
    });
  const last = statements.pop();
  if (last === undefined) return;
  const ctes = statements.map((text, index) => `inserted_${index} AS (${text})`);
  await db.query(ctes.length > 0 ? `WITH ${ctes.join(', ')} ${last}` : last, parameters);
}

/**
 * Any number of rows as ONE insert whose parameters are one array per column (`INSERT … SELECT FROM unnest(…)`),
 * numbered from `firstParameter` so a caller can make it part of a larger statement (a data-modifying CTE): the
 * text is the same for 1 row or 10,000, so PostgreSQL parses it cheaply, no parameter limit caps the rows, and no
 * ORM builds it row by row. A `jsonb` column takes its values as JSON text.
 */
export function unnestInsert<T>(
  table: string,
  columns: readonly InsertColumn<T>[],
  rows: readonly T[],
  firstParameter = 1,
): { text: string; parameters: unknown[][] } {
  const names = columns.map((column) => column.name).join(', ');
  const arrays = columns.map((column, index) => `$${index + firstParameter}::${column.type}[]`).join(', ');
  const parameters = columns.map((column) =>
    rows.map((row) => {
      const value = column.value(row);
      return column.type === 'jsonb' && value !== null && value !== undefined ? JSON.stringify(value) : value;
    }),
  );
  return { text: `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`, parameters };
}
