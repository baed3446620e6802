import { Injectable } from '@nestjs/common';
import { KeyRing } from '../crypto/key-ring';
import { ErasureRequestException } from '../requests/erasure-request.exception';
import { identityHashType, normaliseIdentity } from '../requests/identity-normalizer';
import { SuppressionCheckDto } from './dto/suppression-check.dto';
import { SuppressionCheckResponse } from './dto/suppression-check.response';
import { SuppressionRepository } from './suppression.repository';

/**
 * Answers "was this person erased?" for services that must not silently re-create them. The raw value arrives
 * over the service's authenticated TLS channel and is hashed here, so the identity-hash key never leaves the
 * coordinator; nothing of the question is stored or logged.
 */
@Injectable()
export class SuppressionService {
  constructor(
    private readonly repository: SuppressionRepository,
    private readonly keys: KeyRing,
  ) {}

  async check(input: SuppressionCheckDto): Promise<SuppressionCheckResponse> {
    const hashes = input.identities.map((identity) => {
      try {
        const value = normaliseIdentity(identity.type, identity.value);
        return this.keys.hashIdentity(identityHashType({ type: identity.type, value }), value);
      } catch (error) {
        // a value that is no valid identity of its type was never erased under it
        if (error instanceof ErasureRequestException) return null;
        throw error;
      }
    });
    const suppressed = await this.repository.suppressed(
      hashes.filter((hash): hash is string => hash !== null),
    );
    return { results: hashes.map((hash) => ({ suppressed: hash !== null && suppressed.has(hash) })) };
  }
}
