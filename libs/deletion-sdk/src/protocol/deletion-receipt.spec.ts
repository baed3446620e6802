import { commandPublicKey, commandSigningKeyFromSeed } from './command-signing';
import {
  canonicalReceiptJson,
  DeletionReceipt,
  DeletionReceiptDocument,
  receiptSignedBytes,
  signDeletionReceipt,
  verifyDeletionReceipt,
} from './deletion-receipt';

const key = commandSigningKeyFromSeed('r1', Buffer.alloc(32, 7));
const otherKey = commandSigningKeyFromSeed('r1', Buffer.alloc(32, 8));
const published = (k = key, as: 'raw' | 'pem' = 'raw') => ({ id: k.id, publicKey: commandPublicKey(k)[as] });

const document: DeletionReceiptDocument = {
  v: 1,
  type: 'lethe.deletion-receipt',
  request: {
    id: '6f1c2b7e-3c1a-4a57-9a55-3f1b0f7a2c10',
    externalId: 'ticket-4711',
    regulation: 'gdpr',
    status: 'completed',
    submittedAt: '2027-03-01T10:00:00.000Z',
    dueAt: '2027-04-01T21:59:59.999Z',
    completedAt: '2027-03-01T10:05:00.000Z',
    cancelledAt: null,
    identityHashes: [{ type: 'email', hash: 'a'.repeat(64) }],
  },
  services: [
    {
      service: 'accounts',
      status: 'deleted',
      recordsAffected: 2,
      retention: null,
      completedAt: '2027-03-01T10:04:00.000Z',
    },
    {
      service: 'orders',
      status: 'retained',
      recordsAffected: 1,
      retention: { basis: 'tax law (HGB §257)', note: 'invoice kept 10 years' },
      completedAt: '2027-03-01T10:04:30.000Z',
    },
  ],
  legalHold: null,
  auditChain: { stream: 'request:6f1c2b7e-3c1a-4a57-9a55-3f1b0f7a2c10', seq: 7, hash: 'b'.repeat(64) },
  issuedAt: '2027-03-02T08:00:00.000Z',
  keyId: 'r1',
};

const signed = () => signDeletionReceipt(document, key);
/** Round-trips through JSON as a file or HTTP body would. */
const reparsed = (receipt: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(receipt));

/** Every leaf (and every object) of the document, as a path to change. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => paths(v, [...prefix, k]));
}

function tampered(receipt: DeletionReceipt, path: (string | number)[]): Record<string, unknown> {
  const copy = reparsed(receipt);
  let node: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  const old = node[last];
  node[last] =
    typeof old === 'number' ? old + 1 : typeof old === 'string' ? `${old}x` : old === null ? 'now set' : !old;
  return copy;
}

describe('deletion receipts', () => {
  describe(canonicalReceiptJson.name, () => {
    it('sorts keys at every depth and writes no whitespace', () => {
      expect(canonicalReceiptJson({ b: 1, a: { d: [2, { z: true, y: null }], c: 'x y' } })).toBe(
        '{"a":{"c":"x y","d":[2,{"y":null,"z":true}]},"b":1}',
      );
    });

    it('is stable under key order', () => {
      const reversed = (value: unknown): unknown =>
        Array.isArray(value)
          ? value.map(reversed)
          : value !== null && typeof value === 'object'
            ? Object.fromEntries(
                Object.entries(value)
                  .reverse()
                  .map(([k, v]) => [k, reversed(v)]),
              )
            : value;
      expect(canonicalReceiptJson(reversed(document))).toBe(canonicalReceiptJson(document));
      expect(verifyDeletionReceipt(reversed(reparsed(signed())), [published()])).toEqual({
        valid: true,
        keyId: 'r1',
      });
    });

    it('keeps array order, which is meaningful', () => {
      expect(canonicalReceiptJson([1, 2])).not.toBe(canonicalReceiptJson([2, 1]));
    });

    it('escapes strings as JSON does, so non-ASCII text has one spelling', () => {
      expect(canonicalReceiptJson({ note: 'Straße "a"\n' })).toBe('{"note":"Straße \\"a\\"\\n"}');
    });

    it.each([
      ['undefined', { a: undefined }],
      ['a function', { a: () => 1 }],
      ['NaN', { a: Number.NaN }],
      ['Infinity', [Number.POSITIVE_INFINITY]],
      ['a Date', { a: new Date(0) }],
      ['a class instance', { a: new Map() }],
    ])('refuses %s rather than dropping or converting it', (_what, value) => {
      expect(() => canonicalReceiptJson(value)).toThrow(TypeError);
    });
  });

  describe(receiptSignedBytes.name, () => {
    it('covers everything but the signature', () => {
      expect(receiptSignedBytes(signed()).toString()).toBe(canonicalReceiptJson(document));
    });
  });

  describe(signDeletionReceipt.name, () => {
    it('adds an Ed25519 signature and changes nothing else', () => {
      const receipt = signed();
      expect(receipt).toEqual({
        ...document,
        signature: { algorithm: 'Ed25519', value: expect.any(String) },
      });
      expect(Buffer.from(receipt.signature.value, 'base64')).toHaveLength(64);
    });

    it('refuses a document naming another key id', () => {
      expect(() => signDeletionReceipt({ ...document, keyId: 'r2' }, key)).toThrow(RangeError);
    });
  });

  describe(verifyDeletionReceipt.name, () => {
    it('accepts a signed receipt with the raw or the PEM public key, with or without a key id', () => {
      for (const keys of [
        [published()],
        [published(key, 'pem')],
        [{ publicKey: commandPublicKey(key).raw }],
      ]) {
        expect(verifyDeletionReceipt(reparsed(signed()), keys)).toEqual({ valid: true, keyId: 'r1' });
      }
    });

    it('finds the key by id among several', () => {
      const r2 = commandSigningKeyFromSeed('r2', Buffer.alloc(32, 9));
      const receipt = signDeletionReceipt({ ...document, keyId: 'r2' }, r2);
      expect(verifyDeletionReceipt(receipt, [published(), published(r2)])).toEqual({
        valid: true,
        keyId: 'r2',
      });
    });

    it.each(paths(document).map((path) => [path.join('.'), path] as const))(
      'refuses a receipt with %s changed',
      (_name, path) => {
        const verdict = verifyDeletionReceipt(tampered(signed(), path), [published()]);
        expect(verdict.valid).toBe(false);
      },
    );

    it('refuses a receipt with a field added or removed', () => {
      const added = { ...reparsed(signed()), note: 'all good' };
      const { legalHold: _removed, ...removed } = reparsed(signed());
      const inner = reparsed(signed());
      (inner.request as Record<string, unknown>).email = 'x';
      for (const receipt of [added, removed, inner]) {
        expect(verifyDeletionReceipt(receipt, [published()])).toMatchObject({ valid: false });
      }
    });

    it('refuses a receipt signed with another key, naming why', () => {
      expect(verifyDeletionReceipt(signDeletionReceipt(document, otherKey), [published()])).toEqual({
        valid: false,
        reason: 'the signature does not match the receipt-signing key "r1"',
      });
    });

    it('refuses a key id it has no key for', () => {
      expect(verifyDeletionReceipt(signed(), [{ id: 'r9', publicKey: commandPublicKey(key).raw }])).toEqual({
        valid: false,
        reason: `no public key for the receipt's key id "r1"`,
      });
    });

    it.each([
      ['null', null],
      ['an array', []],
      ['a string', 'receipt'],
      ['another type', { ...document, type: 'lethe.other' }],
      ['another version', { ...document, v: 2 }],
      ['no signature', document],
      ['no key id', { ...signed(), keyId: '' }],
      [
        'another algorithm',
        { ...signed(), signature: { algorithm: 'RSA', value: signed().signature.value } },
      ],
      ['a short signature', { ...signed(), signature: { algorithm: 'Ed25519', value: 'AAAA' } }],
      [
        'a signature in junk base64',
        { ...signed(), signature: { algorithm: 'Ed25519', value: `${signed().signature.value}!` } },
      ],
      ['a signature with extra fields', { ...signed(), signature: { ...signed().signature, by: 'me' } }],
    ])('refuses %s without throwing', (_what, receipt) => {
      expect(verifyDeletionReceipt(receipt, [published()])).toMatchObject({
        valid: false,
        reason: expect.any(String),
      });
    });

    it('throws on a malformed public key: that is configuration, not the receipt', () => {
      expect(() => verifyDeletionReceipt(signed(), [{ id: 'r1', publicKey: 'not-a-key' }])).toThrow(
        RangeError,
      );
    });
  });
});
