/**
 * PostgreSQL errors that mean the client sent something the database cannot take, and the 4xx each is. Anything
 * not listed stays a 500: it is our fault, or the database's, not the caller's. Reasons name the kind of problem,
 * never the value (PostgreSQL's own messages quote it, and it may be personal data).
 */
export interface BadInputStatus {
  status: 400 | 409;
  reason: string;
}

const BAD_INPUT: Record<string, BadInputStatus> = {
  // class 22: data exception
  '22001': { status: 400, reason: 'a value is longer than its field allows' },
  '22003': { status: 400, reason: 'a number is out of range' },
  '22007': { status: 400, reason: 'a date or time is not valid' },
  '22008': { status: 400, reason: 'a date or time is out of range' },
  '22021': { status: 400, reason: 'a value is not valid UTF-8 text' },
  '22P02': { status: 400, reason: 'a value does not have the expected format' },
  '22P05': { status: 400, reason: 'a value holds a character that cannot be stored' },
  '2200H': { status: 400, reason: 'a number is out of range' },
  '22023': { status: 400, reason: 'a parameter value is not valid' },
  '22025': { status: 400, reason: 'a value holds an invalid escape sequence' },
  '2201B': { status: 400, reason: 'a pattern is not valid' },
  '54000': { status: 400, reason: 'a value is too large' },
  // class 23: integrity constraint violation, reached only when a concurrent request got there first
  '23505': { status: 409, reason: 'it conflicts with an existing record (a duplicate)' },
};

export function badInputStatus(sqlState: string | undefined): BadInputStatus | undefined {
  return sqlState === undefined ? undefined : BAD_INPUT[sqlState];
}
