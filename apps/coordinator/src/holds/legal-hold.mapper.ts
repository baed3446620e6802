import { LegalHoldResponse } from './dto/legal-hold.response';
import { isHoldActive } from './hold-basis';
import { LegalHoldEntity } from './legal-hold.entity';

export function toLegalHoldResponse(hold: LegalHoldEntity, now: Date): LegalHoldResponse {
  return {
    id: hold.id,
    basis: hold.basis,
    reason: hold.reason,
    identityHashes: hold.identityHashes,
    active: isHoldActive(hold, now),
    placedAt: hold.placedAt.toISOString(),
    placedBy: hold.placedBy,
    endsAt: hold.endsAt?.toISOString() ?? null,
    releasedAt: hold.releasedAt?.toISOString() ?? null,
    releasedBy: hold.releasedBy,
    releaseReason: hold.releaseReason,
  };
}
