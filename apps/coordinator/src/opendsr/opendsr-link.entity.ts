import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Links a controller's subject_request_id to the Lethe request doing the work. Holds no identity: the request's
 * own encrypted columns do, and the fingerprint is a keyed hash of the body, only to recognise a resubmission.
 */
@Entity('opendsr_requests')
export class OpenDsrLinkEntity {
  @PrimaryColumn({ name: 'subject_request_id', type: 'uuid' })
  subjectRequestId: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'controller_id', type: 'varchar', length: 200 })
  controllerId: string;

  @Column({ name: 'api_version', type: 'varchar', length: 20, nullable: true })
  apiVersion: string | null;

  @Column({ type: 'char', length: 64 })
  fingerprint: string;

  @Column({ name: 'callback_urls', type: 'jsonb' })
  callbackUrls: string[];

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  /** The last status queued for the controller's callbacks; null until the first (pending) is. */
  @Column({ name: 'announced_status', type: 'varchar', length: 20, nullable: true })
  announcedStatus: string | null;

  @Column({ name: 'checked_at', type: 'timestamptz' })
  checkedAt: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy: string;
}
