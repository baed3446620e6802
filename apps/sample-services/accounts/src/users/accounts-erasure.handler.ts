import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { deleted, ErasureContext, HandlerOutcome, notFound, OnErasure } from '@lethe/deletion-sdk';
import { DataSource } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Erases a person's account and profile from the accounts database. */
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
}
