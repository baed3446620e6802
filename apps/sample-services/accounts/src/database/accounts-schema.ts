import type { SampleDatabaseSchema } from '../../../shared/sample-database';
import { ProfileEntity } from '../users/profile.entity';
import { UserEntity } from '../users/user.entity';
import { Accounts1795000000000 } from './migrations/1795000000000-accounts';

export const ACCOUNTS_SCHEMA: SampleDatabaseSchema = {
  entities: [UserEntity, ProfileEntity],
  migrations: [Accounts1795000000000],
};
