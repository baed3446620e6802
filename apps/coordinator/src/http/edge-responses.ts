import type { OpenAPIObject } from '@nestjs/swagger';

/** Routes the edge never throttles and that take no input (see rate-limit.guard.ts and the probes). */
const UNTHROTTLED = [/^\/health\//, /^\/metrics$/, /^\/dashboard(\/|$)/];
const WITH_BODY = new Set(['post', 'put', 'patch']);

const RATE_LIMITED = {
  description:
    'rate limit exceeded (LETHE_RATE_LIMIT_PER_MINUTE per API key, or per client address without one); ' +
    'Retry-After says when to try again',
};
const TOO_LARGE = { description: 'the JSON body is larger than LETHE_JSON_BODY_LIMIT_KB' };
const BAD_INPUT = {
  description: 'invalid input, e.g. a NUL character in any body, query or path value; the reason is given',
};

/**
 * Adds what the HTTP edge answers before any route runs to the operations it applies to: 429 where the rate limit
 * applies, 413 where a JSON body is parsed, 400 where input is inspected — so the description stays true per route
 * (a health probe is never throttled and takes no input).
 */
export function documentEdgeResponses(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    if (UNTHROTTLED.some((pattern) => pattern.test(path))) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const responses = operation.responses as Record<string, unknown>;
      responses['429'] ??= RATE_LIMITED;
      responses['400'] ??= BAD_INPUT;
      if (WITH_BODY.has(method)) responses['413'] ??= TOO_LARGE;
    }
  }
  return document;
}
