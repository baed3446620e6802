import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { RetriesModule } from '../retries/retries.module';
import { TasksModule } from '../tasks/tasks.module';
import { ResultConsumer } from './result.consumer';
import { ResultService } from './result.service';

@Module({
  imports: [MetricsModule, RetriesModule, TasksModule],
  controllers: [ResultConsumer],
  providers: [ResultService],
  exports: [ResultService],
})
export class ResultsModule {}
