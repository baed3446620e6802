import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { RetriesModule } from '../retries/retries.module';
import { TasksModule } from '../tasks/tasks.module';
import { ResultBatchConsumer } from './result-batch.consumer';
import { ResultService } from './result.service';

@Module({
  imports: [MetricsModule, RetriesModule, TasksModule],
  providers: [ResultService, ResultBatchConsumer],
  exports: [ResultService],
})
export class ResultsModule {}
