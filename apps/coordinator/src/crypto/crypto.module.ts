import { Global, Module } from '@nestjs/common';
import { CoordinatorConfig } from '../config/coordinator-config';
import { KeyRing } from './key-ring';

@Global()
@Module({
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
