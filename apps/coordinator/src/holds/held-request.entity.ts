import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A request a hold answered as retained, and the follow-up erasure opened for it when the hold ended. A row
 * without a follow-up is an erasure still owed: the shredder keeps its request's identities until it is opened.
 */
@Entity('legal_hold_requests')
export class HeldRequestEntity {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'hold_id', type: 'uuid' })
  holdId: string;

  @Column({ name: 'held_at', type: 'timestamptz' })
  heldAt: Date;

  @Column({ name: 'follow_up_request_id', type: 'uuid', nullable: true })
  followUpRequestId: string | null;

  @Column({ name: 'followed_up_at', type: 'timestamptz', nullable: true })
  followedUpAt: Date | null;
}
