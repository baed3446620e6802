import { Global, Module } from '@nestjs/common';
import { CoordinatorConfig } from '../config/coordinator-config';
import { CommandSigningKeysController } from './command-signing-keys.controller';
import { KeyRing } from './key-ring';

@Global()
@Module({
  controllers: [CommandSigningKeysController],
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
