import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './auth/api-key.guard';
import { BulkModule } from './bulk/bulk.module';
import { AuthModule } from './auth/auth.module';
import { ConfigModule } from './config/config.module';
import { CryptoModule } from './crypto/crypto.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { HealthModule } from './health/health.module';
import { HttpHardeningModule } from './http/http-hardening.module';
import { RateLimitGuard } from './http/rate-limit.guard';
import { KafkaModule } from './kafka/kafka.module';
import { LedgerModule } from './ledger/ledger.module';
import { MetricsModule } from './metrics/metrics.module';
import { OpenDsrModule } from './opendsr/opendsr.module';
import { ManualConfirmationModule } from './registry/manual-confirmation/manual-confirmation.module';
import { RegistryModule } from './registry/registry.module';
import { ErasureRequestModule } from './requests/erasure-request.module';
import { ResultsModule } from './results/results.module';
import { ReceiptsModule } from './receipts/receipts.module';
import { RetriesModule } from './retries/retries.module';
import { TimersModule } from './timers/timers.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { ShreddingModule } from './shredding/shredding.module';
import { HoldReleasesModule } from './hold-releases/hold-releases.module';
import { SuppressionModule } from './suppression/suppression.module';
import { TargetsModule } from './targets/targets.module';
import { ReErasureModule } from './re-erasure/re-erasure.module';
import { VerificationModule } from './verification/verification.module';

@Module({
  imports: [
    ConfigModule,
    CryptoModule,
    DatabaseModule,
    KafkaModule,
    TimersModule,
    DeadlinesModule,
    RetriesModule,
    LedgerModule,
    MetricsModule,
    AuthModule,
    HttpHardeningModule,
    HealthModule,
    RegistryModule,
    ManualConfirmationModule,
    // before ErasureRequestModule: /v1/erasure-requests/bulk must be routed before /v1/erasure-requests/:id
    BulkModule,
    ErasureRequestModule,
    ResultsModule,
    DashboardModule,
    ShreddingModule,
    OpenDsrModule,
    HoldReleasesModule,
    SuppressionModule,
    TargetsModule,
    ReceiptsModule,
    VerificationModule,
    ReErasureModule,
  ],
  controllers: [HealthController],
  // in this order: the rate limit is checked before the API key
  providers: [
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
})
export class AppModule {}
