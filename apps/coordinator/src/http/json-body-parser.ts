import { json, NextFunction, Request, RequestHandler, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';

interface BodyParserError {
  status?: number;
  type?: string;
}

/** body-parser's error types, each with a fixed message: its own messages can quote the body. */
const REFUSALS: Record<string, { status: number; error: string; message: (limit: number) => string }> = {
  'entity.too.large': {
    status: 413,
    error: 'Payload Too Large',
    message: (limit) => `the JSON body is larger than ${Math.floor(limit / 1024)} kB`,
  },
  'entity.parse.failed': {
    status: 400,
    error: 'Bad Request',
    message: () => 'the body is not valid JSON',
  },
  'charset.unsupported': {
    status: 415,
    error: 'Unsupported Media Type',
    message: () => 'the JSON body must be UTF-8',
  },
  'encoding.unsupported': {
    status: 415,
    error: 'Unsupported Media Type',
    message: () => 'the body uses a content encoding this server does not accept',
  },
};

/**
 * Parses JSON bodies up to `limitBytes` and answers the failures itself in Nest's error shape. It is named
 * `jsonParser` on purpose: Nest then skips registering its own JSON parser. Only JSON is limited here; a route
 * that streams its own body (bulk intake) is not affected. `verify` sees the raw bytes of every parsed body.
 */
/**
 * Answers a refused body in a route family's own error shape (the OpenDSR routes have the spec's); returns false
 * to leave the answer to the default, Nest's `{statusCode, error, message}`.
 */
export type BodyRefusalRenderer = (
  request: Request,
  response: Response,
  refusal: { status: number; message: string },
) => boolean;

export interface JsonBodyLimits {
  limitBytes: number;
  /** From the headers to the body's last byte; a slower body is answered 408 and its connection closed. */
  timeoutMs: number;
}

export function jsonBodyParser(
  { limitBytes, timeoutMs }: JsonBodyLimits,
  verify?: (request: IncomingMessage, response: ServerResponse, buffer: Buffer, encoding: string) => void,
  renderRefusal?: BodyRefusalRenderer,
): RequestHandler {
  const parse = json({ limit: limitBytes, verify });
  return function jsonParser(request: Request, response: Response, next: NextFunction): void {
    // a body trickled byte by byte must not hold a connection for ever (Node's own request timeout is off)
    const deadline = setTimeout(() => {
      if (response.headersSent) return;
      const message = `the JSON body did not arrive within ${timeoutMs} ms`;
      response.once('finish', () => request.destroy());
      response.set('Connection', 'close');
      if (renderRefusal?.(request, response, { status: 408, message })) return;
      response.status(408).json({ statusCode: 408, error: 'Request Timeout', message });
    }, timeoutMs);
    parse(request, response, (error?: unknown) => {
      clearTimeout(deadline);
      if (response.headersSent) return;
      if (error === undefined || error === null) {
        next();
        return;
      }
      const { type, status } = error as BodyParserError;
      const refusal = (type && REFUSALS[type]) || {
        status: status && status >= 400 && status < 500 ? status : 400,
        error: 'Bad Request',
        message: () => 'the body could not be read',
      };
      const message = refusal.message(limitBytes);
      if (renderRefusal?.(request, response, { status: refusal.status, message })) return;
      response.status(refusal.status).json({ statusCode: refusal.status, error: refusal.error, message });
    });
  };
}
