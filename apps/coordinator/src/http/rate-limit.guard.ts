import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  normalizeIp,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator';
import { CoordinatorConfig } from '../config/coordinator-config';
import { RATE_LIMIT_BUCKET, RateLimitBucket } from './rate-limit.decorator';

interface TrackedRequest {
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Rate limits per API key, or per client address for calls without a valid key (so guessing keys is limited by
 * address). It runs before the API key guard, so a flood is refused before any work is done for it. Counters
 * live in this replica's memory: with N replicas behind a balancer a client gets up to N times the limit.
 * Routes marked @SkipThrottle() (health, metrics, dashboard files) are never limited.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly config: CoordinatorConfig,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    // Kafka handlers of the hybrid app are not HTTP calls
    return context.getType() !== 'http' || this.limitOf(this.bucketOf(context)) === 0;
  }

  protected override handleRequest(request: ThrottlerRequest): Promise<boolean> {
    return super.handleRequest({ ...request, limit: this.limitOf(this.bucketOf(request.context)) });
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const { headers, ip } = request as unknown as TrackedRequest;
    const presented = bearerToken(headers.authorization);
    const caller = presented ? await this.authenticator.authenticate(presented) : undefined;
    if (caller) return `key:${caller.keyId ?? 'bootstrap'}`;
    return `address:${normalizeIp(ip ?? 'unknown')}`;
  }

  /** One counter per key or address across all routes of a bucket, not one per route. */
  protected override generateKey(context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${this.bucketOf(context)}:${tracker}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const who = detail.tracker.startsWith('key:') ? 'API key' : 'client address';
    const what = this.bucketOf(context) === 'live' ? 'live-feed connections' : 'requests';
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: `rate limit exceeded: at most ${detail.limit} ${what} per minute per ${who}; retry after ${detail.timeToBlockExpire} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  private bucketOf(context: ExecutionContext): RateLimitBucket {
    return (
      this.reflector.getAllAndOverride<RateLimitBucket>(RATE_LIMIT_BUCKET, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'api'
    );
  }

  private limitOf(bucket: RateLimitBucket): number {
    return bucket === 'live' ? this.config.http.liveRateLimitPerMinute : this.config.http.rateLimitPerMinute;
  }
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return /^Bearer\s+(\S+)\s*$/i.exec(value ?? '')?.[1];
}
