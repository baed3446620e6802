import { ProtocolError, ProtocolErrorCode } from './protocol.errors';
import {
  deriveServiceSecret,
  headerValue,
  KEY_ID_HEADER,
  MessageHeaders,
  SecretLookup,
  SIGNATURE_HEADER,
  signatureHeaders,
  SigningKey,
  verifySignature,
} from './signing';

const MASTER = 'coordinator-master-key-for-tests';
const accountsV1: SigningKey = { id: 'k1', secret: deriveServiceSecret(MASTER, 'accounts', 'k1') };
const accountsV2: SigningKey = { id: 'k2', secret: deriveServiceSecret(MASTER, 'accounts', 'k2') };
const ordersV1: SigningKey = { id: 'k1', secret: deriveServiceSecret(MASTER, 'orders', 'k1') };

/** What the coordinator does: derive any service's secret for any key id it knows. */
const coordinatorLookup =
  (knownKeyIds: string[]): SecretLookup =>
  (keyId, service) =>
    knownKeyIds.includes(keyId) ? deriveServiceSecret(MASTER, service, keyId) : undefined;

const value = Buffer.from('{"service":"accounts","n":1}');

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

describe('signing', () => {
  describe(signatureHeaders.name, () => {
    it('sends the key id and an HMAC-SHA256 hex digest prefixed with sha256=', () => {
      const headers = signatureHeaders(value, accountsV1);
      expect(headers[KEY_ID_HEADER]).toBe('k1');
      expect(headers[SIGNATURE_HEADER]).toMatch(/^sha256=[0-9a-f]{64}$/);
    });

    it('is deterministic and depends on value and secret', () => {
      const signature = signatureHeaders(value, accountsV1)[SIGNATURE_HEADER];
      expect(signatureHeaders(value, accountsV1)[SIGNATURE_HEADER]).toBe(signature);
      expect(signatureHeaders(Buffer.from('x'), accountsV1)[SIGNATURE_HEADER]).not.toBe(signature);
      expect(signatureHeaders(value, accountsV2)[SIGNATURE_HEADER]).not.toBe(signature);
    });
  });

  describe(verifySignature.name, () => {
    it('accepts a message signed with the claimed service secret', () => {
      const headers = signatureHeaders(value, accountsV1);
      expect(() => verifySignature(value, headers, 'accounts', coordinatorLookup(['k1']))).not.toThrow();
    });

    it('accepts headers as kafkajs delivers them (Buffers, or arrays of values)', () => {
      const signed = signatureHeaders(value, accountsV1);
      const asBuffers: MessageHeaders = {
        [KEY_ID_HEADER]: Buffer.from(signed[KEY_ID_HEADER]),
        [SIGNATURE_HEADER]: [Buffer.from(signed[SIGNATURE_HEADER])],
      };
      expect(() => verifySignature(value, asBuffers, 'accounts', coordinatorLookup(['k1']))).not.toThrow();
    });

    it('rejects a tampered value', () => {
      const headers = signatureHeaders(value, accountsV1);
      const tampered = Buffer.from('{"service":"accounts","n":2}');
      const error = verifyError(() =>
        verifySignature(tampered, headers, 'accounts', coordinatorLookup(['k1'])),
      );
      expect(error.code).toBe(ProtocolErrorCode.BadSignature);
    });

    it('rejects a tampered signature, including one of a different length', () => {
      const headers = signatureHeaders(value, accountsV1);
      const flipped = headers[SIGNATURE_HEADER].replace(/.$/, (c) => (c === '0' ? '1' : '0'));
      for (const signature of [flipped, `${headers[SIGNATURE_HEADER]}00`, 'sha256=', 'md5=abc']) {
        const error = verifyError(() =>
          verifySignature(
            value,
            { ...headers, [SIGNATURE_HEADER]: signature },
            'accounts',
            coordinatorLookup(['k1']),
          ),
        );
        expect(error.code).toBe(ProtocolErrorCode.BadSignature);
      }
    });

    it("rejects a message signed with another service's secret", () => {
      // orders signs a message claiming to be accounts: the secret is chosen by the claimed service.
      const headers = signatureHeaders(value, ordersV1);
      const error = verifyError(() => verifySignature(value, headers, 'accounts', coordinatorLookup(['k1'])));
      expect(error.code).toBe(ProtocolErrorCode.BadSignature);
      expect(error.message).toBe('signature does not match for accounts');
    });

    it('rejects an unknown key id', () => {
      const headers = signatureHeaders(value, { id: 'k9', secret: accountsV1.secret });
      const error = verifyError(() => verifySignature(value, headers, 'accounts', coordinatorLookup(['k1'])));
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
      const error = verifyError(() => verifySignature(value, headers, 'accounts', coordinatorLookup(['k1'])));
      expect(error.code).toBe(ProtocolErrorCode.MissingSignature);
    });

    it('supports key rotation: old and new key ids verify while both are known, the old one fails once retired', () => {
      const oldSigned = signatureHeaders(value, accountsV1);
      const newSigned = signatureHeaders(value, accountsV2);
      const duringRotation = coordinatorLookup(['k1', 'k2']);
      expect(() => verifySignature(value, oldSigned, 'accounts', duringRotation)).not.toThrow();
      expect(() => verifySignature(value, newSigned, 'accounts', duringRotation)).not.toThrow();

      const afterRotation = coordinatorLookup(['k2']);
      expect(verifyError(() => verifySignature(value, oldSigned, 'accounts', afterRotation)).code).toBe(
        ProtocolErrorCode.UnknownSigningKey,
      );
      expect(() => verifySignature(value, newSigned, 'accounts', afterRotation)).not.toThrow();
    });

    it('rejects a signature made with one key id but labelled with another', () => {
      const headers = { ...signatureHeaders(value, accountsV1), [KEY_ID_HEADER]: 'k2' };
      const error = verifyError(() =>
        verifySignature(value, headers, 'accounts', coordinatorLookup(['k1', 'k2'])),
      );
      expect(error.code).toBe(ProtocolErrorCode.BadSignature);
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

  describe(headerValue.name, () => {
    it('reads strings, Buffers and the first of repeated values', () => {
      expect(headerValue({ a: 'x' }, 'a')).toBe('x');
      expect(headerValue({ a: Buffer.from('y') }, 'a')).toBe('y');
      expect(headerValue({ a: [Buffer.from('z'), 'w'] }, 'a')).toBe('z');
      expect(headerValue({}, 'a')).toBeUndefined();
      expect(headerValue(undefined, 'a')).toBeUndefined();
    });
  });
});
