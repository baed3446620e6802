import { createHmac, hkdfSync } from 'node:crypto';
import { deriveServiceSecret, SecretLookup, SigningKey } from '@lethe/deletion-sdk';

/**
 * Every key the coordinator uses, derived from one root secret with HKDF so operators manage a single secret while
 * each purpose gets an independent key (a leaked identity-hash key cannot decrypt identities, and so on).
 */
export class KeyRing {
  private readonly identityHashKey: Buffer;
  readonly dataKeyWrappingKey: Buffer;
  private readonly signingMasterKey: string;

  private readonly acceptedKeyIds: ReadonlySet<string>;

  /**
   * `previousKeyIds` stay valid for verifying messages during a rotation: services move to the new key (listing it
   * first, keeping the old one), then the old id is dropped here.
   */
  constructor(
    rootSecret: string,
    readonly signingKeyId: string,
    previousKeyIds: readonly string[] = [],
  ) {
    this.acceptedKeyIds = new Set([signingKeyId, ...previousKeyIds]);
    this.identityHashKey = derive(rootSecret, 'lethe/identity-hash/v1');
    this.dataKeyWrappingKey = derive(rootSecret, 'lethe/data-key-wrap/v1');
    this.signingMasterKey = derive(rootSecret, 'lethe/service-signing/v1').toString('hex');
  }

  /** Keyed hash of a normalised identity: provable in the ledger, useless to anyone without the key. */
  hashIdentity(type: string, normalisedValue: string): string {
    return createHmac('sha256', this.identityHashKey).update(`${type}:${normalisedValue}`).digest('hex');
  }

  /** The secret a service signs its messages with; operators hand it to the service's deployment. */
  serviceSecret(service: string, keyId = this.signingKeyId): string {
    return deriveServiceSecret(this.signingMasterKey, service, keyId);
  }

  signingKeyFor(service: string): SigningKey {
    return { id: this.signingKeyId, secret: this.serviceSecret(service) };
  }

  /** Accepts the current key id and, during a rotation, the previous ones. */
  readonly secretLookup: SecretLookup = (keyId, service) =>
    this.acceptedKeyIds.has(keyId) ? this.serviceSecret(service, keyId) : undefined;
}

function derive(rootSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', rootSecret, 'lethe', purpose, 32));
}
