import { ProtocolError, ProtocolErrorCode } from './protocol.errors';
import {
  deriveServiceSecret,
  SecretLookup,
  serviceSigner,
  serviceVerifier,
  SigningKey,
} from './service-signing';
import { KEY_ID_HEADER, MessageHeaders, SIGNATURE_HEADER, SignedMessage } from './signing';

const MASTER = 'coordinator-master-key-for-tests';
const accountsV1: SigningKey = { id: 'k1', secret: deriveServiceSecret(MASTER, 'accounts', 'k1') };
const accountsV2: SigningKey = { id: 'k2', secret: deriveServiceSecret(MASTER, 'accounts', 'k2') };
const ordersV1: SigningKey = { id: 'k1', secret: deriveServiceSecret(MASTER, 'orders', 'k1') };

/** What the coordinator does: derive any service's secret for any key id it knows. */
const coordinatorLookup =
  (knownKeyIds: string[]): SecretLookup =>
  (keyId, service) =>
    knownKeyIds.includes(keyId) ? deriveServiceSecret(MASTER, service, keyId) : undefined;

const message: SignedMessage = {
  topic: 'lethe.erasure.results',
  key: 'req-1',
  value: Buffer.from('{"service":"accounts","n":1}'),
};
const sign = (key: SigningKey, what = message) => serviceSigner(key).sign(what);
const verify = (headers: MessageHeaders | undefined, service = 'accounts', ids = ['k1'], what = message) =>
  serviceVerifier(coordinatorLookup(ids)).verify(what, headers, service);

function verifyError(run: () => void): ProtocolError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).retriable).toBe(false);
    return err as ProtocolError;
  }
  throw new Error('expected verification to fail');
}

describe('service signing (results and announcements)', () => {
  describe(serviceSigner.name, () => {
    it('sends the key id and an HMAC-SHA256 hex digest prefixed with sha256=', () => {
      const headers = sign(accountsV1);
      expect(headers[KEY_ID_HEADER]).toBe('k1');
      expect(headers[SIGNATURE_HEADER]).toMatch(/^sha256=[0-9a-f]{64}$/);
    });

    it('is deterministic and depends on topic, key, value and secret', () => {
      const signature = sign(accountsV1)[SIGNATURE_HEADER];
      expect(sign(accountsV1)[SIGNATURE_HEADER]).toBe(signature);
      for (const changed of [
        { ...message, value: Buffer.from('x') },
        { ...message, topic: 'lethe.registry' },
        { ...message, key: 'req-2' },
        { ...message, key: null },
      ]) {
        expect(sign(accountsV1, changed)[SIGNATURE_HEADER]).not.toBe(signature);
      }
      expect(sign(accountsV2)[SIGNATURE_HEADER]).not.toBe(signature);
    });
  });

  describe(serviceVerifier.name, () => {
    it('accepts a message signed with the claimed service secret', () => {
      expect(() => verify(sign(accountsV1))).not.toThrow();
    });

    it('accepts headers as kafkajs delivers them (Buffers, or arrays of values)', () => {
      const signed = sign(accountsV1);
      const asBuffers: MessageHeaders = {
        [KEY_ID_HEADER]: Buffer.from(signed[KEY_ID_HEADER]),
        [SIGNATURE_HEADER]: [Buffer.from(signed[SIGNATURE_HEADER])],
      };
      expect(() => verify(asBuffers)).not.toThrow();
    });

    it.each([
      ['value', { ...message, value: Buffer.from('{"service":"accounts","n":2}') }],
      ['topic', { ...message, topic: 'staging.lethe.erasure.results' }],
      ['key', { ...message, key: 'req-2' }],
    ])('rejects a tampered %s', (_label, tampered) => {
      const error = verifyError(() => verify(sign(accountsV1), 'accounts', ['k1'], tampered));
      expect(error.code).toBe(ProtocolErrorCode.BadSignature);
    });

    it('rejects a tampered signature, including one of a different length', () => {
      const headers = sign(accountsV1);
      const flipped = headers[SIGNATURE_HEADER].replace(/.$/, (c) => (c === '0' ? '1' : '0'));
      for (const signature of [flipped, `${headers[SIGNATURE_HEADER]}00`, 'sha256=', 'md5=abc']) {
        const error = verifyError(() => verify({ ...headers, [SIGNATURE_HEADER]: signature }));
        expect(error.code).toBe(ProtocolErrorCode.BadSignature);
      }
    });

    it("rejects a message signed with another service's secret", () => {
      // orders signs a message claiming to be accounts: the secret is chosen by the claimed service.
      const error = verifyError(() => verify(sign(ordersV1)));
      expect(error.code).toBe(ProtocolErrorCode.BadSignature);
      expect(error.message).toBe('signature does not match for accounts');
    });

    it('rejects an Ed25519-style signature: services sign with their HMAC key only', () => {
      const headers = { [KEY_ID_HEADER]: 'k1', [SIGNATURE_HEADER]: 'ed25519=AAAA' };
      const error = verifyError(() => verify(headers));
      expect(error.code).toBe(ProtocolErrorCode.BadSignature);
      expect(error.message).toBe('signature scheme "ed25519" is not the expected "sha256"');
    });

    it('rejects an unknown key id', () => {
      const error = verifyError(() => verify(sign({ id: 'k9', secret: accountsV1.secret })));
      expect(error.code).toBe(ProtocolErrorCode.UnknownSigningKey);
      expect(error.message).toContain('"k9"');
    });

    it.each([
      ['no headers at all', undefined],
      ['no signature', { [KEY_ID_HEADER]: 'k1' }],
      ['no key id', { [SIGNATURE_HEADER]: 'sha256=00' }],
      ['empty values', { [KEY_ID_HEADER]: '', [SIGNATURE_HEADER]: '' }],
      ['an empty header array', { [KEY_ID_HEADER]: [], [SIGNATURE_HEADER]: [] }],
    ])('rejects %s as unsigned', (_label, headers) => {
      expect(verifyError(() => verify(headers)).code).toBe(ProtocolErrorCode.MissingSignature);
    });

    it('supports key rotation: old and new key ids verify while both are known, the old one fails once retired', () => {
      const oldSigned = sign(accountsV1);
      const newSigned = sign(accountsV2);
      expect(() => verify(oldSigned, 'accounts', ['k1', 'k2'])).not.toThrow();
      expect(() => verify(newSigned, 'accounts', ['k1', 'k2'])).not.toThrow();
      expect(verifyError(() => verify(oldSigned, 'accounts', ['k2'])).code).toBe(
        ProtocolErrorCode.UnknownSigningKey,
      );
      expect(() => verify(newSigned, 'accounts', ['k2'])).not.toThrow();
    });

    it('rejects a signature made with one key id but labelled with another', () => {
      const headers = { ...sign(accountsV1), [KEY_ID_HEADER]: 'k2' };
      expect(verifyError(() => verify(headers, 'accounts', ['k1', 'k2'])).code).toBe(
        ProtocolErrorCode.BadSignature,
      );
    });
  });

  describe(deriveServiceSecret.name, () => {
    it('gives each service and key id its own stable 256-bit hex secret', () => {
      expect(accountsV1.secret).toMatch(/^[0-9a-f]{64}$/);
      expect(deriveServiceSecret(MASTER, 'accounts', 'k1')).toBe(accountsV1.secret);
      expect(new Set([accountsV1.secret, accountsV2.secret, ordersV1.secret]).size).toBe(3);
      expect(deriveServiceSecret('another-master', 'accounts', 'k1')).not.toBe(accountsV1.secret);
    });
  });
});
