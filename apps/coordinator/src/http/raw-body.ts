import type { IncomingMessage } from 'node:http';

/** Where the JSON parser leaves the bytes it parsed, for encoded_request (the request exactly as received). */
export const RAW_BODY = Symbol('lethe.rawBody');

export type WithRawBody = IncomingMessage & { [RAW_BODY]?: Buffer };

/** A body-parser `verify` hook that keeps the raw bytes; it never rejects anything. */
export function keepRawBody(request: IncomingMessage, _response: unknown, buffer: Buffer): void {
  (request as WithRawBody)[RAW_BODY] = buffer;
}
