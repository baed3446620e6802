import { Injectable, Logger } from '@nestjs/common';
import { ErasureContext, ErasureHandlerError } from '@lethe/deletion-sdk';
import { setTimeout as sleep } from 'node:timers/promises';
import { MarketingConfig } from '../marketing-config';
import { ConfigureFailuresDto } from './dto/configure-failures.dto';
import { ConfigureHangsDto } from './dto/configure-hangs.dto';
import { ConfigureLatencyDto } from './dto/configure-latency.dto';
import { FaultPlan, FaultSettings } from './fault-plan';
import { HungErasures } from './hung-erasures';

export const INJECTED_FAILURE = 'INJECTED_FAILURE';

/** Makes the marketing service fail or slow down on request, so a person can watch Lethe retry. */
@Injectable()
export class FaultInjectionService {
  private readonly logger = new Logger(FaultInjectionService.name);
  private readonly plan: FaultPlan;
  private readonly hung = new HungErasures();

  constructor(config: MarketingConfig) {
    this.plan = new FaultPlan({
      failNext: config.failNext,
      retriable: config.failRetriable,
      latencyMs: config.latencyMs,
    });
  }

  configureFailures(input: ConfigureFailuresDto): FaultSettings {
    const retriable = input.retriable ?? true;
    this.plan.failNextCommands(input.count, retriable);
    this.logger.warn(
      `failing the next ${input.count} erasure command(s)${input.count > 0 ? (retriable ? ', retriable' : ', permanently') : ''}`,
    );
    return this.plan.settings();
  }

  configureLatency(input: ConfigureLatencyDto): FaultSettings {
    this.plan.slowDown(input.ms);
    this.logger.warn(`erasure handler calls now take ${input.ms} ms longer`);
    return this.plan.settings();
  }

  /** Returns how many people's erasures now hang (logged as a count: the addresses are personal data). */
  configureHangs(input: ConfigureHangsDto): { hung: number } {
    const hung = this.hung.hang(input.emails);
    this.logger.warn(`erasure handler calls for ${hung} person(s) now hang until told otherwise`);
    return { hung };
  }

  settings(): FaultSettings {
    return this.plan.settings();
  }

  /** Hangs if told to for this person, waits the configured latency, then throws if this command must fail. */
  async beforeErasure(ctx: ErasureContext): Promise<void> {
    await this.hung.wait(ctx.valuesOf('email'));
    const decision = this.plan.decide(ctx.commandId);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.failure) {
      throw new ErasureHandlerError('marketing was told to fail this erasure command', {
        code: INJECTED_FAILURE,
        retriable: decision.failure.retriable,
      });
    }
  }
}
