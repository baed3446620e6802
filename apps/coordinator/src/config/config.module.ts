import { Global, Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { CoordinatorConfig, loadCoordinatorConfig } from './coordinator-config';

@Global()
@Module({
  providers: [{ provide: CoordinatorConfig, useFactory: () => loadCoordinatorConfig() }, Clock],
  exports: [CoordinatorConfig, Clock],
})
export class ConfigModule {}
