import { createHash, createHmac, hkdfSync } from 'node:crypto';
import {
  commandPublicKey,
  commandSigningKeyFromSeed,
  commandVerifier,
  deriveServiceSecret,
  ProtocolError,
  ProtocolErrorCode,
  serviceSigner,
  serviceVerifier,
  SignedMessage,
} from '@lethe/deletion-sdk/protocol';
import { KeyRing } from './key-ring';

const ROOT = 'root-secret-of-at-least-32-characters!!';
const OTHER_ROOT = 'another-root-secret-of-32-characters!!';

/** The derivation spelled out independently: changing it would orphan every identity hash already in the ledger. */
const derive = (root: string, purpose: string) => Buffer.from(hkdfSync('sha256', root, 'lethe', purpose, 32));

function protocolError(run: () => void): ProtocolError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    return err as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

const result: SignedMessage = {
  topic: 'lethe.erasure.results',
  key: 'req-1',
  value: Buffer.from('{"type":"erasure.result"}'),
};

describe(KeyRing.name, () => {
  const ring = new KeyRing(ROOT, 'k1');

  describe('hashIdentity', () => {
    it('is an HMAC-SHA256 of "type:value" under the HKDF-derived identity-hash key', () => {
      const expected = createHmac('sha256', derive(ROOT, 'lethe/identity-hash/v1'))
        .update('email:alice@example.org')
        .digest('hex');
      expect(ring.hashIdentity('email', 'alice@example.org')).toBe(expected);
    });

    it('is deterministic, also across instances built from the same root secret', () => {
      const hash = ring.hashIdentity('email', 'alice@example.org');
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(ring.hashIdentity('email', 'alice@example.org')).toBe(hash);
      expect(new KeyRing(ROOT, 'k2').hashIdentity('email', 'alice@example.org')).toBe(hash);
    });

    it('is keyed: a different root secret gives a different hash, and it is not a plain SHA-256', () => {
      const hash = ring.hashIdentity('email', 'alice@example.org');
      expect(new KeyRing(OTHER_ROOT, 'k1').hashIdentity('email', 'alice@example.org')).not.toBe(hash);
      expect(hash).not.toBe(createHash('sha256').update('email:alice@example.org').digest('hex'));
      expect(hash).not.toBe(createHash('sha256').update('alice@example.org').digest('hex'));
    });

    it('distinguishes values and types', () => {
      const hash = ring.hashIdentity('user_id', 'alice');
      expect(ring.hashIdentity('user_id', 'bob')).not.toBe(hash);
      expect(ring.hashIdentity('controller_customer_id', 'alice')).not.toBe(hash);
      expect(ring.hashIdentity('user_id', 'Alice')).not.toBe(hash);
    });
  });

  describe('dataKeyWrappingKey', () => {
    it('is a 32-byte key derived for its own purpose', () => {
      expect(ring.dataKeyWrappingKey).toHaveLength(32);
      expect(ring.dataKeyWrappingKey.equals(derive(ROOT, 'lethe/data-key-wrap/v1'))).toBe(true);
      expect(ring.dataKeyWrappingKey.equals(derive(ROOT, 'lethe/identity-hash/v1'))).toBe(false);
    });

    it('depends on the root secret only', () => {
      expect(new KeyRing(ROOT, 'k2').dataKeyWrappingKey.equals(ring.dataKeyWrappingKey)).toBe(true);
      expect(new KeyRing(OTHER_ROOT, 'k1').dataKeyWrappingKey.equals(ring.dataKeyWrappingKey)).toBe(false);
    });
  });

  describe('serviceSecret', () => {
    it('is the SDK derivation under the HKDF-derived signing master key', () => {
      const master = derive(ROOT, 'lethe/service-signing/v1').toString('hex');
      expect(ring.serviceSecret('accounts', 'k1')).toBe(deriveServiceSecret(master, 'accounts', 'k1'));
    });

    it('defaults to the current signing key id', () => {
      expect(ring.serviceSecret('accounts')).toBe(ring.serviceSecret('accounts', 'k1'));
      expect(new KeyRing(ROOT, 'k2').serviceSecret('accounts')).toBe(ring.serviceSecret('accounts', 'k2'));
    });

    it('differs per service, per key id and per root secret', () => {
      const secret = ring.serviceSecret('accounts', 'k1');
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      expect(ring.serviceSecret('orders', 'k1')).not.toBe(secret);
      expect(ring.serviceSecret('accounts', 'k2')).not.toBe(secret);
      expect(new KeyRing(OTHER_ROOT, 'k1').serviceSecret('accounts', 'k1')).not.toBe(secret);
    });

    it('is stable for a key id whichever key id is current, so rotation keeps old secrets derivable', () => {
      expect(new KeyRing(ROOT, 'k2').serviceSecret('accounts', 'k1')).toBe(
        ring.serviceSecret('accounts', 'k1'),
      );
    });

    it('reveals neither the root secret nor another purpose’s key', () => {
      const secret = ring.serviceSecret('accounts');
      expect(secret).not.toContain(ROOT);
      expect(secret).not.toBe(derive(ROOT, 'lethe/identity-hash/v1').toString('hex'));
      expect(secret).not.toBe(ring.dataKeyWrappingKey.toString('hex'));
    });
  });

  describe('signingKeyFor', () => {
    it('pairs the current key id with the service’s secret', () => {
      expect(ring.signingKeyFor('accounts')).toEqual({
        id: 'k1',
        secret: ring.serviceSecret('accounts', 'k1'),
      });
      expect(new KeyRing(ROOT, 'k7').signingKeyFor('orders')).toEqual({
        id: 'k7',
        secret: ring.serviceSecret('orders', 'k7'),
      });
    });
  });

  describe('secretLookup', () => {
    it('finds the service secret under the current key id only', () => {
      expect(ring.secretLookup('k1', 'accounts')).toBe(ring.serviceSecret('accounts', 'k1'));
      expect(ring.secretLookup('k1', 'orders')).toBe(ring.serviceSecret('orders', 'k1'));
      expect(ring.secretLookup('k2', 'accounts')).toBeUndefined();
      expect(ring.secretLookup('', 'accounts')).toBeUndefined();
      expect(ring.secretLookup('K1', 'accounts')).toBeUndefined();
    });

    it('accepts previous key ids during a rotation, and only those', () => {
      const rotating = new KeyRing(ROOT, 'k2', ['k1']);
      expect(rotating.secretLookup('k1', 'accounts')).toBe(ring.serviceSecret('accounts', 'k1'));
      expect(rotating.secretLookup('k2', 'accounts')).toBe(rotating.serviceSecret('accounts', 'k2'));
      expect(rotating.secretLookup('k0', 'accounts')).toBeUndefined();
      expect(rotating.signingKeyFor('accounts').id).toBe('k2');
    });

    it('keeps answering the derived secret for any number of services (the cache of secrets is bounded)', () => {
      const master = derive(ROOT, 'lethe/service-signing/v1').toString('hex');
      for (let i = 0; i < 2500; i += 1) {
        expect(ring.secretLookup('k1', `service-${i}`)).toBe(
          deriveServiceSecret(master, `service-${i}`, 'k1'),
        );
      }
      expect(ring.secretLookup('k1', 'service-7')).toBe(deriveServiceSecret(master, 'service-7', 'k1'));
      expect(ring.secretLookup('k2', 'service-7')).toBeUndefined();
    });

    it('works when passed around detached from the ring', () => {
      const { secretLookup } = ring;
      expect(secretLookup('k1', 'accounts')).toBe(ring.serviceSecret('accounts'));
    });

    it('verifies what a service signs with the key it was handed', () => {
      const headers = serviceSigner(ring.signingKeyFor('accounts')).sign(result);
      expect(() => ring.serviceMessageVerifier.verify(result, headers, 'accounts')).not.toThrow();
      expect(() => serviceVerifier(ring.secretLookup).verify(result, headers, 'accounts')).not.toThrow();
    });

    it('rejects a message claiming another service than the one whose key signed it', () => {
      const headers = serviceSigner(ring.signingKeyFor('accounts')).sign(result);
      const error = protocolError(() => ring.serviceMessageVerifier.verify(result, headers, 'orders'));
      expect(error.code).toBe(ProtocolErrorCode.BadSignature);
    });

    it('rejects a signature under a key id the ring no longer accepts', () => {
      const headers = serviceSigner(ring.signingKeyFor('accounts')).sign(result);
      const rotated = new KeyRing(ROOT, 'k2');
      const error = protocolError(() => rotated.serviceMessageVerifier.verify(result, headers, 'accounts'));
      expect(error.code).toBe(ProtocolErrorCode.UnknownSigningKey);
    });
  });

  describe('command signing', () => {
    const command: SignedMessage = {
      topic: 'lethe.erasure.commands.accounts',
      key: 'req-1',
      value: Buffer.from('{"type":"erasure.command","service":"accounts"}'),
    };
    const published = (keys: KeyRing) =>
      keys.commandPublicKeys().map(({ id, raw }) => ({ id, publicKey: raw }));

    it('derives an Ed25519 key per key id from the root secret under its own HKDF purpose', () => {
      const expected = commandSigningKeyFromSeed('k1', derive(ROOT, 'lethe/command-signing/v1/k1'));
      expect(ring.commandPublicKeys()).toEqual([{ ...commandPublicKey(expected), current: true }]);
      expect(new KeyRing(ROOT, 'k1').commandPublicKeys()).toEqual(ring.commandPublicKeys());
      expect(new KeyRing(ROOT, 'k2').commandPublicKeys()[0].raw).not.toBe(ring.commandPublicKeys()[0].raw);
      expect(new KeyRing(OTHER_ROOT, 'k1').commandPublicKeys()[0].raw).not.toBe(
        ring.commandPublicKeys()[0].raw,
      );
    });

    it('signs commands that services holding only its public key accept', () => {
      const headers = ring.commandSigner.sign(command);
      expect(() => commandVerifier(published(ring)).verify(command, headers, 'accounts')).not.toThrow();
    });

    it("cannot be imitated with a service's secret: those are HMAC keys, refused for commands", () => {
      const forged = serviceSigner(ring.signingKeyFor('accounts')).sign(command);
      const error = protocolError(() => commandVerifier(published(ring)).verify(command, forged, 'accounts'));
      expect(error.code).toBe(ProtocolErrorCode.BadSignature);
    });

    it('publishes the current key first, then the previous ids, and signs with the current one', () => {
      const rotating = new KeyRing(ROOT, 'k2', ['k1']);
      expect(rotating.commandPublicKeys().map(({ id, current }) => ({ id, current }))).toEqual([
        { id: 'k2', current: true },
        { id: 'k1', current: false },
      ]);
      expect(rotating.commandPublicKeys()[1].raw).toBe(ring.commandPublicKeys()[0].raw);
      const headers = rotating.commandSigner.sign(command);
      expect(headers['lethe-key-id']).toBe('k2');
      // A service still holding only k1 refuses k2 commands: it must add k2 before the coordinator switches.
      const error = protocolError(() =>
        commandVerifier(published(ring)).verify(command, headers, 'accounts'),
      );
      expect(error.code).toBe(ProtocolErrorCode.UnknownSigningKey);
    });
  });

  describe('receipt signing', () => {
    it('derives an Ed25519 key per key id under its own HKDF purpose, unlike the command key', () => {
      const expected = commandSigningKeyFromSeed('k1', derive(ROOT, 'lethe/receipt-signing/v1/k1'));
      expect(ring.receiptPublicKeys()).toEqual([{ ...commandPublicKey(expected), current: true }]);
      expect(ring.receiptKey.id).toBe('k1');
      expect(ring.receiptPublicKeys()[0].raw).not.toBe(ring.commandPublicKeys()[0].raw);
      expect(new KeyRing(OTHER_ROOT, 'k1').receiptPublicKeys()[0].raw).not.toBe(
        ring.receiptPublicKeys()[0].raw,
      );
    });

    it('publishes the current key first, then the previous ids, so older receipts still verify', () => {
      const rotating = new KeyRing(ROOT, 'k2', ['k1']);
      expect(rotating.receiptPublicKeys().map(({ id, current }) => ({ id, current }))).toEqual([
        { id: 'k2', current: true },
        { id: 'k1', current: false },
      ]);
      expect(rotating.receiptPublicKeys()[1].raw).toBe(ring.receiptPublicKeys()[0].raw);
      expect(rotating.receiptKey.id).toBe('k2');
    });
  });
});
