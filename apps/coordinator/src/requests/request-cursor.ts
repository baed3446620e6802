/** Opaque keyset cursor for the request list (newest first): the last row's submittedAt and id. Pure. */
export interface RequestCursor {
  submittedAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(cursor: RequestCursor): string {
  return Buffer.from(JSON.stringify([cursor.submittedAt.toISOString(), cursor.id])).toString('base64url');
}

/** Undefined when the text is not a cursor this API issued. */
export function decodeCursor(text: string): RequestCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [at, id] = value as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id)) return undefined;
    const submittedAt = new Date(at);
    if (Number.isNaN(submittedAt.getTime())) return undefined;
    const cursor = { submittedAt, id };
    // Date and base64 parsing are lenient (30 Feb → 2 Mar, "0" → 2000, host-local formats, ignored stray
    // characters), so only the exact text encodeCursor would produce counts
    return encodeCursor(cursor) === text ? cursor : undefined;
  } catch {
    return undefined;
  }
}
