import { Global, Module } from '@nestjs/common';
import { CoordinatorConfig } from '../config/coordinator-config';
import { CommandSigningKeysController } from './command-signing-keys.controller';
import { KeyRing } from './key-ring';
import { ReceiptSigningKeysController } from './receipt-signing-keys.controller';

@Global()
@Module({
  controllers: [CommandSigningKeysController, ReceiptSigningKeysController],
  providers: [
    {
      provide: KeyRing,
      inject: [CoordinatorConfig],
      useFactory: (config: CoordinatorConfig) =>
        new KeyRing(config.secretKey, config.signingKeyId, config.previousSigningKeyIds),
    },
  ],
  exports: [KeyRing],
})
export class CryptoModule {}
