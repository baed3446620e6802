import type { SampleDatabaseSchema } from '../../../shared/sample-database';
import { SubscriptionEntity } from '../subscriptions/subscription.entity';
import { Marketing1795000000000 } from './migrations/1795000000000-marketing';

export const MARKETING_SCHEMA: SampleDatabaseSchema = {
  entities: [SubscriptionEntity],
  migrations: [Marketing1795000000000],
};
