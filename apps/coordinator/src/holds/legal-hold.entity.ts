import { Column, Entity, PrimaryColumn } from 'typeorm';
import { HoldBasis, HoldReleaseReason } from './hold-basis';

/**
 * A legal hold on a subject. It keeps only keyed hashes of the normalised identities (`type:value`, the ledger's
 * hash), so a hold names nobody to anyone without the coordinator's key, and matches requests by hash.
 */
@Entity('legal_holds')
export class LegalHoldEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'identity_hashes', type: 'text', array: true })
  identityHashes: string[];

  @Column({ type: 'varchar', length: 40 })
  basis: HoldBasis;

  @Column({ type: 'varchar', length: 2000 })
  reason: string;

  @Column({ name: 'placed_at', type: 'timestamptz' })
  placedAt: Date;

  @Column({ name: 'placed_by', type: 'varchar', length: 100 })
  placedBy: string;

  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt: Date | null;

  @Column({ name: 'released_by', type: 'varchar', length: 100, nullable: true })
  releasedBy: string | null;

  @Column({ name: 'release_reason', type: 'varchar', length: 40, nullable: true })
  releaseReason: HoldReleaseReason | null;
}
