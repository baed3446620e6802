import { Module } from '@nestjs/common';
import { DispatchModule } from '../dispatch/dispatch.module';
import { HoldsModule } from '../holds/holds.module';
import { LedgerModule } from '../ledger/ledger.module';
import { RegistryModule } from '../registry/registry.module';
import { TasksModule } from '../tasks/tasks.module';
import { BulkController } from './bulk.controller';
import { BulkIntakeService } from './bulk-intake.service';
import { BulkJobRepository } from './bulk-job.repository';
import { BulkJobService } from './bulk-job.service';
import { BulkRequestCreator } from './bulk-request-creator';
import { BulkWorker } from './bulk-worker';

/** Bulk erasure: streamed uploads spooled into PostgreSQL, and the worker that creates their requests. */
@Module({
  imports: [DispatchModule, HoldsModule, LedgerModule, RegistryModule, TasksModule],
  controllers: [BulkController],
  providers: [BulkIntakeService, BulkJobRepository, BulkJobService, BulkRequestCreator, BulkWorker],
})
export class BulkModule {}
