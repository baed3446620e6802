import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeyController } from './api-key.controller';
import { ApiKeyService } from './api-key.service';

/** API keys and roles. The guard itself is registered app-wide (APP_GUARD in AppModule) and uses the authenticator. */
@Module({
  imports: [LedgerModule],
  controllers: [ApiKeyController],
  providers: [ApiKeyAuthenticator, ApiKeyService],
  exports: [ApiKeyAuthenticator],
})
export class AuthModule {}
