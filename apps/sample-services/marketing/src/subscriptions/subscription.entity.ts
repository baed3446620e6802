import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A newsletter subscription and the moment the person consented to it. */
@Entity('subscriptions')
export class SubscriptionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Index('ux_subscriptions_email', { unique: true })
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'text', array: true })
  topics: string[];

  @Column({ name: 'consented_at', type: 'timestamptz' })
  consentedAt: Date;
}
