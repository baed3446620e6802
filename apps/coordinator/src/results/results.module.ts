import { Module } from '@nestjs/common';
import { RetriesModule } from '../retries/retries.module';
import { ResultConsumer } from './result.consumer';
import { ResultService } from './result.service';

@Module({
  imports: [RetriesModule],
  controllers: [ResultConsumer],
  providers: [ResultService],
  exports: [ResultService],
})
export class ResultsModule {}
