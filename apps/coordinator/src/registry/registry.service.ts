import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ServiceAnnouncement } from '@lethe/deletion-sdk/protocol';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { serviceTopics } from '../kafka/coordinator-topics';
import { KafkaConnection } from '../kafka/kafka-connection';
import { LedgerRepository } from '../ledger/ledger.repository';
import { isTaskTerminal, TASK_STATUSES } from '../tasks/task-lifecycle';
import { ServiceResponse } from './dto/service.response';
import { RegisteredServiceEntity } from './registered-service.entity';
import { decideAnnouncement, displayState, RegistryRecord } from './registry-rules';

/** The audit stream of every registry change. */
export const REGISTRY_STREAM = 'registry';

const OPEN_TASK_STATUSES = TASK_STATUSES.filter((status) => !isTaskTerminal(status));

interface ServiceRow extends RegistryRecord {
  sdkVersion: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  openByStatus: Record<string, number>;
  overdue: number;
}

@Injectable()
export class RegistryService {
  private readonly logger = new Logger(RegistryService.name);
  /** Retired services seen announcing, so the warning is logged once per process and not at every heartbeat. */
  private readonly retiredButAnnouncing = new Set<string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    private readonly ledger: LedgerRepository,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
  ) {}

  /** Records an announcement or heartbeat (see registry-rules.ts); the first one creates the command topic. */
  async recordAnnouncement(announcement: ServiceAnnouncement): Promise<void> {
    const { service } = announcement;
    await this.kafka.ensureTopics(serviceTopics(this.config, service));
    const outcome = await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const inserted: unknown[] = await manager.query(
        `INSERT INTO registered_services
           (name, state, registration, identity_types, data_categories, sdk_version, instance_id, first_seen_at, last_seen_at)
         VALUES ($1, 'active', 'sdk', $2, $3, $4, $5, $6, $6)
         ON CONFLICT (name) DO NOTHING
         RETURNING name`,
        [
          service,
          JSON.stringify(announcement.identityTypes),
          JSON.stringify(announcement.dataCategories),
          announcement.sdkVersion,
          announcement.instanceId,
          now,
        ],
      );
      if (inserted.length > 0) {
        await this.audit(manager, `service:${service}`, now, 'service.registered', {
          service,
          registration: 'sdk',
          identityTypes: announcement.identityTypes,
          dataCategories: announcement.dataCategories,
        });
        return 'registered';
      }
      const existing = await this.lockService(manager, service);
      if (!existing) throw new Error(`service ${service} conflicted on insert but cannot be found`);
      const decision = decideAnnouncement(existing, announcement);
      const liveness: Partial<RegisteredServiceEntity> = {
        sdkVersion: announcement.sdkVersion,
        instanceId: announcement.instanceId,
        lastSeenAt: existing.lastSeenAt > now ? existing.lastSeenAt : now,
      };
      if (decision.kind === 'update') {
        await manager.getRepository(RegisteredServiceEntity).update(
          { name: service },
          {
            ...liveness,
            registration: 'sdk',
            identityTypes: announcement.identityTypes,
            dataCategories: announcement.dataCategories,
          },
        );
        await this.audit(manager, `service:${service}`, now, 'service.updated', {
          service,
          changes: decision.changes,
        });
      } else {
        await manager.getRepository(RegisteredServiceEntity).update({ name: service }, liveness);
      }
      return decision.kind;
    });
    if (outcome === 'registered') this.logger.log(`service ${service} registered`);
    if (outcome === 'update') this.logger.log(`service ${service} changed its registration or capabilities`);
    if (outcome !== 'retired') {
      this.retiredButAnnouncing.delete(service);
    } else if (!this.retiredButAnnouncing.has(service)) {
      this.retiredButAnnouncing.add(service);
      this.logger.warn(
        `service ${service} is retired but still announcing; it gets no new requests until re-registered with POST /v1/services`,
      );
    }
  }

  /** Services a new request fans out to: every registered, non-retired service, reachable right now or not. */
  async activeServiceNames(manager: EntityManager): Promise<string[]> {
    const rows = await manager
      .getRepository(RegisteredServiceEntity)
      .find({ where: { state: 'active' }, order: { name: 'ASC' }, select: { name: true } });
    return rows.map((row) => row.name);
  }

  /** Every service with its open-task counts, in one query (an index range per service and open status). */
  async list(): Promise<ServiceResponse[]> {
    return (await this.query()).map((row) => this.toResponse(row));
  }

  async find(name: string): Promise<ServiceResponse | undefined> {
    const [row] = await this.query(name);
    return row && this.toResponse(row);
  }

  /** Locks a service row for the rest of the transaction, so changes to one service serialise. */
  lockService(manager: EntityManager, name: string): Promise<RegisteredServiceEntity | null> {
    return manager
      .getRepository(RegisteredServiceEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.name = :name', { name })
      .getOne();
  }

  async openTaskCount(manager: EntityManager, service: string): Promise<number> {
    const [row] = await manager.query(
      `SELECT count(*)::int AS n FROM erasure_tasks WHERE service = $1 AND status = ANY($2)`,
      [service, OPEN_TASK_STATUSES],
    );
    return (row as { n: number }).n;
  }

  /** Appends one event to the registry's audit stream, in the caller's transaction. */
  async audit(
    manager: EntityManager,
    actor: string,
    at: Date,
    type: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.ledger.append(manager, REGISTRY_STREAM, [{ type, actor, data }], at);
  }

  private query(name?: string): Promise<ServiceRow[]> {
    return this.dataSource.query(
      `SELECT s.name, s.state, s.registration, s.identity_types AS "identityTypes",
              s.data_categories AS "dataCategories", s.sdk_version AS "sdkVersion",
              s.first_seen_at AS "firstSeenAt", s.last_seen_at AS "lastSeenAt",
              COALESCE(jsonb_object_agg(o.status, o.n) FILTER (WHERE o.status IS NOT NULL), '{}') AS "openByStatus",
              COALESCE(sum(o.overdue), 0)::int AS overdue
         FROM registered_services s
         LEFT JOIN LATERAL (
           SELECT t.status, count(*)::int AS n, count(*) FILTER (WHERE r.due_at < $2)::int AS overdue
             FROM erasure_tasks t
             JOIN erasure_requests r ON r.id = t.request_id
            WHERE t.service = s.name AND t.status = ANY($1)
            GROUP BY t.status
         ) o ON true
        ${name === undefined ? '' : 'WHERE s.name = $3'}
        GROUP BY s.name
        ORDER BY s.name`,
      [OPEN_TASK_STATUSES, this.clock.now(), ...(name === undefined ? [] : [name])],
    );
  }

  private toResponse(row: ServiceRow): ServiceResponse {
    const byStatus = Object.fromEntries(
      OPEN_TASK_STATUSES.map((status) => [status, row.openByStatus[status] ?? 0]),
    );
    return {
      name: row.name,
      state: displayState(row, row.lastSeenAt, this.clock.now(), this.config.serviceStaleAfterMs),
      registration: row.registration,
      identityTypes: row.identityTypes,
      dataCategories: row.dataCategories,
      sdkVersion: row.sdkVersion,
      firstSeenAt: row.firstSeenAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      openTasks: {
        total: Object.values(row.openByStatus).reduce((sum, n) => sum + n, 0),
        overdue: row.overdue,
        pending: 0,
        dispatched: 0,
        waiting: 0,
        failed: 0,
        ...byStatus,
      },
    };
  }
}
