import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  absent,
  deleted,
  ErasureContext,
  HandlerOutcome,
  notFound,
  OnErasure,
  OnVerify,
  present,
  VerificationContext,
  VerifyOutcome,
} from '@lethe/deletion-sdk';
import { DataSource } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Erases a person's account and profile from the accounts database, and later checks they stay gone. */
@Injectable()
export class AccountsErasureHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @OnErasure('postgres')
  async erase(ctx: ErasureContext): Promise<HandlerOutcome> {
    const emails = ctx.valuesOf('email');
    const ids = ctx.valuesOf('user_id').filter((id) => UUID.test(id));
    return this.dataSource.transaction(async (manager) => {
      const users: { id: string }[] = await manager.query(
        `SELECT id FROM users WHERE email = ANY($1) OR id = ANY($2::uuid[]) FOR UPDATE`,
        [emails, ids],
      );
      if (users.length === 0) return notFound();
      const userIds = users.map((user) => user.id);
      const [{ count: profiles }] = await manager.query(
        `SELECT count(*)::int AS count FROM profiles WHERE user_id = ANY($1::uuid[])`,
        [userIds],
      );
      if (!ctx.dryRun) {
        // profiles go with their user (ON DELETE CASCADE)
        await manager.query(`DELETE FROM users WHERE id = ANY($1::uuid[])`, [userIds]);
      }
      return deleted(users.length + Number(profiles));
    });
  }

  /** The verification pass: is there a users or profiles row for the subject again (a restore, a replay)? */
  @OnVerify('postgres')
  async verify(ctx: VerificationContext): Promise<VerifyOutcome> {
    const emails = ctx.valuesOf('email');
    const ids = ctx.valuesOf('user_id').filter((id) => UUID.test(id));
    const [{ users, profiles }]: { users: number; profiles: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS users,
              (SELECT count(*)::int FROM profiles p WHERE p.user_id IN
                 (SELECT id FROM users WHERE email = ANY($1) OR id = ANY($2::uuid[]))) AS profiles
         FROM users WHERE email = ANY($1) OR id = ANY($2::uuid[])`,
      [emails, ids],
    );
    return users + profiles > 0 ? present(users + profiles) : absent();
  }
}
