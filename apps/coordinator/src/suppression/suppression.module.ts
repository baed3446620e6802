import { Module } from '@nestjs/common';
import { SuppressionController } from './suppression.controller';
import { SuppressionRepository } from './suppression.repository';
import { SuppressionService } from './suppression.service';

@Module({
  controllers: [SuppressionController],
  providers: [SuppressionRepository, SuppressionService],
})
export class SuppressionModule {}
