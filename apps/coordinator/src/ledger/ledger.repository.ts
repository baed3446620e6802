import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { AuditData, AuditEventEntity } from './audit-event.entity';
import { AuditStreamEntity } from './audit-stream.entity';
import { ChainVerdict, GENESIS_HASH, hashEvent, verifyChain } from './audit-chain';

export interface NewAuditEvent {
  type: string;
  actor: string;
  data: AuditData;
}

export const requestStream = (requestId: string): string => `request:${requestId}`;

/** Appends and reads the tamper-evident audit ledger. Appends run inside the caller's transaction. */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(manager: EntityManager, stream: string, events: NewAuditEvent[], at: Date): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO audit_streams (stream, head_seq, head_hash) VALUES ($1, 0, $2) ON CONFLICT (stream) DO NOTHING`,
      [stream, GENESIS_HASH],
    );
    // the row lock orders concurrent appends to one stream
    const head = await manager
      .getRepository(AuditStreamEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.stream = :stream', { stream })
      .getOneOrFail();

    let seq = head.headSeq;
    let prevHash = head.headHash;
    const rows: Omit<AuditEventEntity, 'id'>[] = [];
    for (const event of events) {
      seq += 1;
      const unsealed = { stream, seq, type: event.type, at, actor: event.actor, data: event.data, prevHash };
      const hash = hashEvent(unsealed);
      rows.push({ ...unsealed, hash });
      prevHash = hash;
    }
    // TypeORM's deep-partial type cannot express an open jsonb record
    await manager.getRepository(AuditEventEntity).insert(rows as QueryDeepPartialEntity<AuditEventEntity>[]);
    await manager.getRepository(AuditStreamEntity).update({ stream }, { headSeq: seq, headHash: prevHash });
  }

  async eventsOf(stream: string): Promise<AuditEventEntity[]> {
    return this.dataSource.getRepository(AuditEventEntity).find({ where: { stream }, order: { seq: 'ASC' } });
  }

  async verifyStream(stream: string): Promise<{ events: AuditEventEntity[]; verdict: ChainVerdict }> {
    const [events, head] = await Promise.all([
      this.eventsOf(stream),
      this.dataSource.getRepository(AuditStreamEntity).findOneBy({ stream }),
    ]);
    const verdict = verifyChain(events, head ? { seq: head.headSeq, hash: head.headHash } : undefined);
    return { events, verdict };
  }
}
