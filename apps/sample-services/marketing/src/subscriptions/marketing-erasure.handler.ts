import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { deleted, ErasureContext, HandlerOutcome, notFound, OnErasure } from '@lethe/deletion-sdk';
import { DataSource, In } from 'typeorm';
import { FaultInjectionService } from '../faults/fault-injection.service';
import { SubscriptionEntity } from './subscription.entity';

/** Deletes a person's newsletter subscriptions — unless the service was told to fail or be slow first. */
@Injectable()
export class MarketingErasureHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly faults: FaultInjectionService,
  ) {}

  @OnErasure('postgres')
  async erase(ctx: ErasureContext): Promise<HandlerOutcome> {
    await this.faults.beforeErasure(ctx);
    const emails = ctx.valuesOf('email');
    if (emails.length === 0) return notFound();
    const subscriptions = this.dataSource.getRepository(SubscriptionEntity);
    const count = ctx.dryRun
      ? await subscriptions.countBy({ email: In(emails) })
      : ((await subscriptions.delete({ email: In(emails) })).affected ?? 0);
    return count > 0 ? deleted(count) : notFound();
  }
}
