import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../../shared/sample-database';
import { CreateSubscriptionDto } from './dto/create-subscription.dto';
import { SubscriptionEntity } from './subscription.entity';

export interface SubscriptionView {
  id: string;
  email: string;
  topics: string[];
  consentedAt: string;
}

@Injectable()
export class SubscriptionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async subscribe(input: CreateSubscriptionDto): Promise<SubscriptionView> {
    const subscription: SubscriptionEntity = {
      id: randomUUID(),
      email: input.email.trim().toLowerCase(),
      topics: [...new Set(input.topics)],
      consentedAt: new Date(),
    };
    try {
      await this.dataSource.getRepository(SubscriptionEntity).insert(subscription);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException('this email is already subscribed');
      throw error;
    }
    return this.get(subscription.id);
  }

  async get(id: string): Promise<SubscriptionView> {
    const subscription = await this.dataSource.getRepository(SubscriptionEntity).findOneBy({ id });
    if (!subscription) throw new NotFoundException(`subscription ${id} does not exist`);
    return toView(subscription);
  }

  async findByEmail(email: string): Promise<SubscriptionView[]> {
    const subscriptions = await this.dataSource
      .getRepository(SubscriptionEntity)
      .findBy({ email: email.trim().toLowerCase() });
    return subscriptions.map(toView);
  }
}

function toView(subscription: SubscriptionEntity): SubscriptionView {
  return {
    id: subscription.id,
    email: subscription.email,
    topics: subscription.topics,
    consentedAt: subscription.consentedAt.toISOString(),
  };
}
