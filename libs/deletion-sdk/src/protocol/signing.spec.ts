import { ProtocolError, ProtocolErrorCode } from './protocol.errors';
import { headerValue, KEY_ID_HEADER, readSignature, SIGNATURE_HEADER, signedContent } from './signing';

describe(signedContent.name, () => {
  const base = { topic: 'lethe.erasure.commands.accounts', key: 'req-1', value: Buffer.from('{"a":1}') };

  it('starts with a version tag and length-prefixes topic, key and value', () => {
    const bytes = signedContent(base);
    expect(bytes.subarray(0, 24).toString()).toBe('lethe-signed-message/v1\0');
    expect(bytes.includes(Buffer.from(base.topic))).toBe(true);
    expect(bytes.length).toBe(24 + 4 + base.topic.length + 1 + 4 + 5 + 4 + 7);
  });

  it('accepts the key as a string or as the Buffer kafkajs delivers', () => {
    expect(signedContent({ ...base, key: Buffer.from('req-1') })).toEqual(signedContent(base));
  });

  it.each([
    ['a topic/key boundary shift', { topic: 'lethe.erasure.commands.accountsr', key: 'eq-1' }],
    ['a key/value boundary shift', { key: 'req-1{', value: Buffer.from('"a":1}') }],
    ['a missing key instead of an empty one', { key: null }],
    ['an empty key instead of a missing one', { key: '' }],
  ])('gives different bytes for %s', (_label, change) => {
    const changed = signedContent({ ...base, ...change });
    expect(changed.equals(signedContent(base))).toBe(false);
    if (change.key === null) expect(changed.equals(signedContent({ ...base, key: '' }))).toBe(false);
  });

  it.each([
    ['a string key', base],
    ['a Buffer key', { ...base, key: Buffer.from('req-1') }],
    ['no key', { ...base, key: null }],
    ['an empty key and value', { ...base, key: '', value: Buffer.alloc(0) }],
    [
      'multi-byte text',
      { topic: 'pré.lethe.erasure.commands.açaí', key: 'ключ-1', value: Buffer.from('{"ü":1}') },
    ],
  ])(
    'lays out %s exactly as v1 defines it (tag, then length-prefixed topic, key flag and key, value)',
    (_l, m) => {
      const prefixed = (bytes: Buffer) => {
        const length = Buffer.alloc(4);
        length.writeUInt32BE(bytes.length);
        return Buffer.concat([length, bytes]);
      };
      const keyBytes = m.key === null || m.key === undefined ? null : Buffer.from(m.key);
      const expected = Buffer.concat([
        Buffer.from('lethe-signed-message/v1\0'),
        prefixed(Buffer.from(m.topic, 'utf8')),
        Buffer.from([keyBytes === null ? 0 : 1]),
        prefixed(keyBytes ?? Buffer.alloc(0)),
        prefixed(m.value),
      ]);
      expect(signedContent(m).equals(expected)).toBe(true);
    },
  );

  it('treats undefined and null keys alike: both are a message without a key', () => {
    expect(signedContent({ ...base, key: undefined })).toEqual(signedContent({ ...base, key: null }));
  });
});

describe(readSignature.name, () => {
  it('splits off the scheme', () => {
    expect(readSignature({ [KEY_ID_HEADER]: 'k1', [SIGNATURE_HEADER]: 'ed25519=abc=' }, 'ed25519')).toEqual({
      keyId: 'k1',
      signature: 'abc=',
    });
  });

  it('names a wrong scheme without echoing the signature', () => {
    let error: unknown;
    try {
      readSignature({ [KEY_ID_HEADER]: 'k1', [SIGNATURE_HEADER]: 'sha256=secret-ish' }, 'ed25519');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe(ProtocolErrorCode.BadSignature);
    expect((error as ProtocolError).message).toBe('signature scheme "sha256" is not the expected "ed25519"');
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
