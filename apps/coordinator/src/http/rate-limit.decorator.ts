import { SetMetadata } from '@nestjs/common';

export const RATE_LIMIT_BUCKET = 'lethe:rate-limit-bucket';
export type RateLimitBucket = 'api' | 'live';

/**
 * Counts a route's calls against the live-feed limit (LETHE_LIVE_RATE_LIMIT_PER_MINUTE) instead of the API limit:
 * one call opens a long stream, so it is limited by connections, apart from ordinary calls.
 */
export const LiveRateLimit = (): MethodDecorator & ClassDecorator => SetMetadata(RATE_LIMIT_BUCKET, 'live');
