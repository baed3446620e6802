import { Module } from '@nestjs/common';
import { ResultsModule } from '../../results/results.module';
import { ManualConfirmationController } from './manual-confirmation.controller';
import { ManualConfirmationService } from './manual-confirmation.service';

/** Its own module so the registry does not depend on result handling (which depends on retries, and so on). */
@Module({
  imports: [ResultsModule],
  controllers: [ManualConfirmationController],
  providers: [ManualConfirmationService],
})
export class ManualConfirmationModule {}
