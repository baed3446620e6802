import { createHmac, hkdfSync } from 'node:crypto';
import {
  CommandSigningKey,
  commandPublicKey,
  commandSigner,
  commandSigningKeyFromSeed,
  deriveServiceSecret,
  MessageSigner,
  MessageVerifier,
  SecretLookup,
  serviceVerifier,
  SigningKey,
} from '@lethe/deletion-sdk/protocol';

/** A published command-verification key: what services configure and `GET /v1/keys/command-signing` returns. */
export interface CommandPublicKey {
  id: string;
  /** The 32-byte raw Ed25519 public key, base64. */
  raw: string;
  /** The same key as SPKI PEM. */
  pem: string;
  /** True for the key the coordinator signs with now; the others are previous ids still listed for a rotation. */
  current: boolean;
}

/**
 * Every key the coordinator uses, derived from one root secret with HKDF so operators manage a single secret while
 * each purpose gets an independent key (a leaked identity-hash key cannot decrypt identities, and so on).
 */
export class KeyRing {
  private readonly identityHashKey: Buffer;
  readonly dataKeyWrappingKey: Buffer;
  private readonly signingMasterKey: string;
  private readonly acceptedKeyIds: readonly string[];
  private readonly commandKey: CommandSigningKey;
  /** Signs deletion receipts only; an Ed25519 key like the command key, from a purpose of its own. */
  readonly receiptKey: CommandSigningKey;

  /**
   * `signingKeyId` names the key commands are signed with and the service secrets results are expected under.
   * `previousKeyIds` stay valid for verifying results during a rotation (services move to the new secret at their
   * own pace), and their command public keys stay published so services can drop them last.
   */
  constructor(
    private readonly rootSecret: string,
    readonly signingKeyId: string,
    previousKeyIds: readonly string[] = [],
  ) {
    this.acceptedKeyIds = [...new Set([signingKeyId, ...previousKeyIds])];
    this.identityHashKey = derive(rootSecret, 'lethe/identity-hash/v1');
    this.dataKeyWrappingKey = derive(rootSecret, 'lethe/data-key-wrap/v1');
    this.signingMasterKey = derive(rootSecret, 'lethe/service-signing/v1').toString('hex');
    this.commandKey = this.commandSigningKey(signingKeyId);
    this.commandSigner = commandSigner(this.commandKey);
    this.receiptKey = this.receiptSigningKey(signingKeyId);
  }

  /** Keyed hash of a normalised identity: provable in the ledger, useless to anyone without the key. */
  hashIdentity(type: string, normalisedValue: string): string {
    return createHmac('sha256', this.identityHashKey).update(`${type}:${normalisedValue}`).digest('hex');
  }

  /** The secret a service signs its results with; operators hand it to the service's deployment. */
  serviceSecret(service: string, keyId = this.signingKeyId): string {
    return deriveServiceSecret(this.signingMasterKey, service, keyId);
  }

  signingKeyFor(service: string): SigningKey {
    return { id: this.signingKeyId, secret: this.serviceSecret(service) };
  }

  /**
   * The coordinator's own Ed25519 key for commands under `keyId`, from its own HKDF purpose: no service secret
   * (all derived under another purpose) tells anything about it.
   */
  commandSigningKey(keyId: string): CommandSigningKey {
    return commandSigningKeyFromSeed(keyId, derive(this.rootSecret, `lethe/command-signing/v1/${keyId}`));
  }

  /**
   * The Ed25519 key deletion receipts are signed with under `keyId`. Its own purpose string, so a receipt key and
   * a command key never coincide: a signed command can never pass for a receipt, nor the other way round.
   */
  receiptSigningKey(keyId: string): CommandSigningKey {
    return commandSigningKeyFromSeed(keyId, derive(this.rootSecret, `lethe/receipt-signing/v1/${keyId}`));
  }

  /**
   * The public keys receipts verify with: the current one first, then the previous ids, so a receipt issued
   * before a rotation still verifies against what the coordinator publishes.
   */
  receiptPublicKeys(): CommandPublicKey[] {
    return this.acceptedKeyIds.map((id) => ({
      ...commandPublicKey(id === this.signingKeyId ? this.receiptKey : this.receiptSigningKey(id)),
      current: id === this.signingKeyId,
    }));
  }

  /** Signs every command, for every service, with the current command key. */
  readonly commandSigner: MessageSigner;

  /** The public keys services verify commands with: the current one first, then the previous ids. */
  commandPublicKeys(): CommandPublicKey[] {
    return this.acceptedKeyIds.map((id) => ({
      ...commandPublicKey(id === this.signingKeyId ? this.commandKey : this.commandSigningKey(id)),
      current: id === this.signingKeyId,
    }));
  }

  /**
   * Accepts the current key id and, during a rotation, the previous ones. Every result is verified through this,
   * so the derived secrets are kept (one HMAC saved per result); the service name comes from the message, so the
   * cache is bounded and simply starts over when full.
   */
  readonly secretLookup: SecretLookup = (keyId, service) => {
    if (!this.acceptedKeyIds.includes(keyId)) return undefined;
    const key = `${keyId}\n${service}`;
    let secret = this.verifyingSecrets.get(key);
    if (secret === undefined) {
      if (this.verifyingSecrets.size >= VERIFYING_SECRETS_KEPT) this.verifyingSecrets.clear();
      secret = this.serviceSecret(service, keyId);
      this.verifyingSecrets.set(key, secret);
    }
    return secret;
  };
  private readonly verifyingSecrets = new Map<string, string>();

  /** Checks results and announcements: HMAC under the claimed service's own secret. */
  readonly serviceMessageVerifier: MessageVerifier = serviceVerifier(this.secretLookup);
}

/** Derived service secrets kept for verification (services × accepted key ids, in practice). */
const VERIFYING_SECRETS_KEPT = 1024;

function derive(rootSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', rootSecret, 'lethe', purpose, 32));
}
