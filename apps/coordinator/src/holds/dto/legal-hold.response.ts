import { ApiProperty } from '@nestjs/swagger';
import { HOLD_BASES, HOLD_RELEASE_REASONS, HoldBasis, HoldReleaseReason } from '../hold-basis';

export class LegalHoldResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: HOLD_BASES }) basis: HoldBasis;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [String], description: 'keyed hashes of the held identities (never the values)' })
  identityHashes: string[];
  @ApiProperty({ description: 'not released and not past endsAt' }) active: boolean;
  @ApiProperty({ format: 'date-time' }) placedAt: string;
  @ApiProperty() placedBy: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endsAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) releasedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) releasedBy: string | null;
  @ApiProperty({ enum: HOLD_RELEASE_REASONS, nullable: true }) releaseReason: HoldReleaseReason | null;
}

export class LegalHoldListResponse {
  @ApiProperty({ type: [LegalHoldResponse] }) items: LegalHoldResponse[];
}

export class ReleasedLegalHoldResponse {
  @ApiProperty({ type: LegalHoldResponse }) hold: LegalHoldResponse;
  @ApiProperty({
    type: [String],
    description: 'ids of the follow-up erasure requests opened for the requests the hold kept back',
  })
  followUpRequestIds: string[];
}
