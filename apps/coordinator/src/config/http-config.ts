import { EnvReader } from '@lethe/config';

/** How the HTTP edge defends itself: rate limits, body size, CORS, and which operator pages are exposed. */
export interface HttpHardeningConfig {
  /** Requests per minute per API key (per client address without a valid key); 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** New live-feed (SSE) connections per minute per key or address; 0 turns this limit off. */
  liveRateLimitPerMinute: number;
  /** Proxies in front of the coordinator whose X-Forwarded-For is believed (0: the peer address is the client). */
  trustProxyHops: number;
  /** Largest JSON body accepted, in bytes; a bigger one is refused with 413 before it is parsed. */
  jsonBodyLimitBytes: number;
  /**
   * Longest a JSON body may take to arrive, from the headers on; a slower one is answered 408 and its connection
   * closed. Node's own limit on a whole request is off, since a bulk upload (which streams its body) may take longer.
   */
  jsonBodyTimeoutMs: number;
  /** Browser origins allowed to call the API cross-origin; empty keeps CORS closed. */
  corsOrigins: string[];
  /** Serve the OpenAPI document and Swagger UI at /docs. */
  exposeDocs: boolean;
  /** Serve Prometheus metrics at /metrics. */
  exposeMetrics: boolean;
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
export const DEFAULT_LIVE_RATE_LIMIT_PER_MINUTE = 30;
export const DEFAULT_JSON_BODY_LIMIT_KB = 100;
/** Node's own limit on receiving a request, kept for JSON bodies. */
export const DEFAULT_JSON_BODY_TIMEOUT_MS = 300_000;

export function readHttpHardeningConfig(read: EnvReader): HttpHardeningConfig {
  const corsOrigins = read.optionalList('LETHE_CORS_ORIGINS');
  for (const origin of corsOrigins) {
    if (!isOrigin(origin)) {
      read.problem(`LETHE_CORS_ORIGINS: ${origin} is not an origin like https://privacy.example.org`);
    }
  }
  return {
    rateLimitPerMinute: read.int('LETHE_RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE, {
      min: 0,
      max: 1_000_000,
    }),
    liveRateLimitPerMinute: read.int('LETHE_LIVE_RATE_LIMIT_PER_MINUTE', DEFAULT_LIVE_RATE_LIMIT_PER_MINUTE, {
      min: 0,
      max: 1_000_000,
    }),
    trustProxyHops: read.int('LETHE_TRUST_PROXY_HOPS', 0, { min: 0, max: 10 }),
    jsonBodyLimitBytes:
      read.int('LETHE_JSON_BODY_LIMIT_KB', DEFAULT_JSON_BODY_LIMIT_KB, { min: 1, max: 10_240 }) * 1024,
    jsonBodyTimeoutMs: read.int('LETHE_JSON_BODY_TIMEOUT_MS', DEFAULT_JSON_BODY_TIMEOUT_MS, {
      min: 100,
      max: 3_600_000,
    }),
    corsOrigins,
    exposeDocs: read.bool('LETHE_EXPOSE_DOCS', true),
    exposeMetrics: read.bool('LETHE_EXPOSE_METRICS', true),
  };
}

/** scheme://host[:port] and nothing more, as browsers send it in the Origin header. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return ['http:', 'https:'].includes(url.protocol) && url.origin === value;
  } catch {
    return false;
  }
}
