import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ServiceAnnouncement } from '@lethe/deletion-sdk';
import { DataSource, EntityManager } from 'typeorm';
import { CoordinatorConfig } from '../config/coordinator-config';
import { serviceTopics } from '../kafka/coordinator-topics';
import { KafkaConnection } from '../kafka/kafka-connection';
import { LedgerRepository } from '../ledger/ledger.repository';
import { RegisteredServiceEntity } from './registered-service.entity';

export const REGISTRY_STREAM = 'registry';

export interface ServiceView {
  name: string;
  state: 'active' | 'stale' | 'retired';
  registration: string;
  identityTypes: string[];
  dataCategories: string[];
  sdkVersion: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

@Injectable()
export class RegistryService {
  private readonly logger = new Logger(RegistryService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    private readonly ledger: LedgerRepository,
    private readonly config: CoordinatorConfig,
  ) {}

  /** Records an announcement or heartbeat; the first one creates the service's command topic. */
  async recordAnnouncement(announcement: ServiceAnnouncement, now = new Date()): Promise<void> {
    await this.kafka.ensureTopics(
      serviceTopics(this.config.topics, announcement.service, this.config.commandTopicPartitions),
    );
    const firstSeen = await this.dataSource.transaction(async (manager) => {
      const rows: { inserted: boolean }[] = await manager.query(
        `INSERT INTO registered_services AS s
           (name, state, registration, identity_types, data_categories, sdk_version, instance_id, first_seen_at, last_seen_at)
         VALUES ($1, 'active', 'sdk', $2, $3, $4, $5, $6, $6)
         ON CONFLICT (name) DO UPDATE SET
           identity_types = EXCLUDED.identity_types, data_categories = EXCLUDED.data_categories,
           sdk_version = EXCLUDED.sdk_version, instance_id = EXCLUDED.instance_id,
           last_seen_at = GREATEST(s.last_seen_at, EXCLUDED.last_seen_at)
         RETURNING (xmax = 0) AS inserted`,
        [
          announcement.service,
          JSON.stringify(announcement.identityTypes),
          JSON.stringify(announcement.dataCategories),
          announcement.sdkVersion,
          announcement.instanceId,
          now,
        ],
      );
      // xmax = 0 only for a freshly inserted row, not for one the conflict clause updated
      const isNew = rows[0].inserted;
      if (isNew) {
        await this.ledger.append(
          manager,
          REGISTRY_STREAM,
          [
            {
              type: 'service.registered',
              actor: `service:${announcement.service}`,
              data: {
                service: announcement.service,
                identityTypes: announcement.identityTypes,
                dataCategories: announcement.dataCategories,
              },
            },
          ],
          now,
        );
      }
      return isNew;
    });
    if (firstSeen) this.logger.log(`service ${announcement.service} registered`);
  }

  /** Services a new request fans out to: every registered, non-retired service, reachable right now or not. */
  async activeServiceNames(manager: EntityManager): Promise<string[]> {
    const rows = await manager
      .getRepository(RegisteredServiceEntity)
      .find({ where: { state: 'active' }, order: { name: 'ASC' }, select: { name: true } });
    return rows.map((row) => row.name);
  }

  async list(now = new Date()): Promise<ServiceView[]> {
    const rows = await this.dataSource
      .getRepository(RegisteredServiceEntity)
      .find({ order: { name: 'ASC' } });
    return rows.map((row) => ({
      name: row.name,
      state:
        row.state === 'retired'
          ? 'retired'
          : now.getTime() - row.lastSeenAt.getTime() > this.config.serviceStaleAfterMs
            ? 'stale'
            : 'active',
      registration: row.registration,
      identityTypes: row.identityTypes,
      dataCategories: row.dataCategories,
      sdkVersion: row.sdkVersion,
      firstSeenAt: row.firstSeenAt,
      lastSeenAt: row.lastSeenAt,
    }));
  }
}
