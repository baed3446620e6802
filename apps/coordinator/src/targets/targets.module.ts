import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { RegistryModule } from '../registry/registry.module';
import { ResultsModule } from '../results/results.module';
import { TasksModule } from '../tasks/tasks.module';
import { TimersModule } from '../timers/timers.module';
import { OpenDsrClient } from './opendsr-client';
import { TargetCallbacks } from './target-callbacks.service';
import { TargetDispatcher } from './target-dispatcher';
import { TargetHttp } from './target-http';
import { TargetOutcomes } from './target-outcomes.service';
import { TargetRegistration } from './target-registration.service';
import { TargetRepository } from './target-repository';
import { TargetsController } from './targets.controller';

/** Data holders outside the estate: webhook and OpenDSR targets (docs/targets.md). */
@Module({
  imports: [LedgerModule, RegistryModule, ResultsModule, TasksModule, TimersModule],
  controllers: [TargetsController],
  providers: [
    TargetRepository,
    TargetHttp,
    OpenDsrClient,
    TargetOutcomes,
    TargetDispatcher,
    TargetRegistration,
    TargetCallbacks,
  ],
})
export class TargetsModule {}
