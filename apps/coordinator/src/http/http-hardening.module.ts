import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from '../auth/auth.module';

export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * What the rate limiter needs. RateLimitGuard itself is an APP_GUARD in AppModule, listed before the API key
 * guard: guards run in that order, and a flood should be refused before any key is looked up.
 */
@Module({
  imports: [
    AuthModule,
    // the limit itself is read per bucket from CoordinatorConfig by the guard
    ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: RATE_LIMIT_WINDOW_MS, limit: 1 }] }),
  ],
  exports: [AuthModule, ThrottlerModule],
})
export class HttpHardeningModule {}
