import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How a service's tasks are carried out: its SDK (Kafka), a person (manual), or a target outside the estate. */
export type ServiceRegistration = 'sdk' | 'manual' | 'webhook' | 'opendsr';
export type ServiceState = 'active' | 'retired';

@Entity('registered_services')
export class RegisteredServiceEntity {
  @PrimaryColumn({ type: 'varchar', length: 63 })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  state: ServiceState;

  @Column({ type: 'varchar', length: 10 })
  registration: ServiceRegistration;

  @Column({ name: 'identity_types', type: 'jsonb' })
  identityTypes: string[];

  @Column({ name: 'data_categories', type: 'jsonb' })
  dataCategories: string[];

  @Column({ name: 'sdk_version', type: 'varchar', length: 64, nullable: true })
  sdkVersion: string | null;

  @Column({ name: 'instance_id', type: 'varchar', length: 128, nullable: true })
  instanceId: string | null;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;
}
