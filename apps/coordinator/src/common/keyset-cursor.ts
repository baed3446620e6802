/**
 * Opaque keyset cursor of a list sorted newest first (requests by submittedAt, bulk jobs by createdAt): the last
 * row's time and id. Pure.
 */
export interface KeysetCursor {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.at.toISOString(), cursor.id])).toString('base64url');
}

/** Undefined when the text is not a cursor this API issued. */
export function decodeCursor(text: string): KeysetCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [at, id] = value as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id)) return undefined;
    const time = new Date(at);
    if (Number.isNaN(time.getTime())) return undefined;
    const cursor = { at: time, id };
    // Date and base64 parsing are lenient (30 Feb → 2 Mar, "0" → 2000, host-local formats, ignored stray
    // characters), so only the exact text encodeCursor would produce counts
    return encodeCursor(cursor) === text ? cursor : undefined;
  } catch {
    return undefined;
  }
}
