import { aCommand, anAnnouncement, aResult } from '../../test/factories/protocol-messages.factory';
import { decodeMessage, encodeMessage, MessageDestination } from './codec';
import {
  commandPublicKey,
  commandSigner,
  commandSigningKeyFromSeed,
  commandVerifier,
} from './command-signing';
import { ProtocolError, ProtocolErrorCode } from './protocol.errors';
import { SecretLookup, serviceSigner, serviceVerifier, SigningKey } from './service-signing';
import { KEY_ID_HEADER, MessageHeaders, SIGNATURE_HEADER, TRACEPARENT_HEADER } from './signing';
import { parseErasureCommand, parseErasureResult, parseServiceAnnouncement } from './validation';

const key: SigningKey = { id: 'k1', secret: 'accounts-secret-0123456789' };
const lookup: SecretLookup = (keyId, service) =>
  keyId === 'k1' && service === 'accounts' ? key.secret : undefined;
const signer = serviceSigner(key);
const verifier = serviceVerifier(lookup);
const to: MessageDestination = { topic: 'lethe.erasure.results', key: 'req-1' };
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

const received = (value: Buffer | null | undefined, headers: MessageHeaders | undefined, at = to) => ({
  ...at,
  value,
  headers,
});

function decodeError(run: () => unknown): ProtocolError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    return err as ProtocolError;
  }
  throw new Error('expected decoding to fail');
}

describe('codec', () => {
  it.each([
    ['command', aCommand(), parseErasureCommand],
    ['result', aResult(), parseErasureResult],
    [
      'retained result',
      aResult({ outcome: 'retained', retention: { basis: 'tax-law', note: 'n' } }),
      parseErasureResult,
    ],
    ['announcement', anAnnouncement(), parseServiceAnnouncement],
  ] as const)('round-trips a %s', (_label, message, parse) => {
    const { value, headers } = encodeMessage(message, to, signer);
    expect(
      decodeMessage(received(value, headers), verifier, parse as (body: unknown) => typeof message),
    ).toEqual(message);
  });

  it('round-trips a command signed with the coordinator key', () => {
    const commandKey = commandSigningKeyFromSeed('k1', Buffer.alloc(32, 7));
    const commands = commandVerifier([{ id: 'k1', publicKey: commandPublicKey(commandKey).raw }]);
    const at = { topic: 'lethe.erasure.commands.accounts', key: 'req-1' };
    const { value, headers } = encodeMessage(aCommand(), at, commandSigner(commandKey));
    expect(decodeMessage(received(value, headers, at), commands, parseErasureCommand)).toEqual(aCommand());
  });

  it('round-trips non-ASCII values byte for byte', () => {
    const command = aCommand({ subject: { identities: [{ type: 'email', value: 'zoë.ñ@exämple.org' }] } });
    const { value, headers } = encodeMessage(command, to, signer);
    expect(decodeMessage(received(value, headers), verifier, parseErasureCommand)).toEqual(command);
  });

  it('signs and carries the key id, and adds traceparent only when given', () => {
    const plain = encodeMessage(aCommand(), to, signer);
    expect(Object.keys(plain.headers).sort()).toEqual([KEY_ID_HEADER, SIGNATURE_HEADER]);
    const traced = encodeMessage(aCommand(), to, signer, TRACEPARENT);
    expect(traced.headers[TRACEPARENT_HEADER]).toBe(TRACEPARENT);
    expect(traced.headers[SIGNATURE_HEADER]).toBe(plain.headers[SIGNATURE_HEADER]);
  });

  it('checks the signature over the exact bytes, even when the JSON means the same', () => {
    const { value, headers } = encodeMessage(aCommand(), to, signer);
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(value.toString()), null, 2));
    expect(
      decodeError(() => decodeMessage(received(reformatted, headers), verifier, parseErasureCommand)).code,
    ).toBe(ProtocolErrorCode.BadSignature);
  });

  it.each([
    ['another topic', { ...to, topic: 'lethe.registry' }],
    ['another key', { ...to, key: 'req-2' }],
  ])('refuses a genuine message read from %s than it was signed for', (_label, at) => {
    const { value, headers } = encodeMessage(aResult(), to, signer);
    expect(
      decodeError(() => decodeMessage(received(value, headers, at), verifier, parseErasureResult)).code,
    ).toBe(ProtocolErrorCode.BadSignature);
  });

  it('checks the signature before the schema, so unsigned garbage says nothing about its shape', () => {
    const value = Buffer.from(JSON.stringify({ service: 'accounts', nonsense: true }));
    expect(decodeError(() => decodeMessage(received(value, {}), verifier, parseErasureCommand)).code).toBe(
      ProtocolErrorCode.MissingSignature,
    );
  });

  it('rejects a correctly signed message that breaks the schema', () => {
    const { value, headers } = encodeMessage({ ...aCommand(), attempt: 0 }, to, signer);
    const error = decodeError(() => decodeMessage(received(value, headers), verifier, parseErasureCommand));
    expect(error.code).toBe(ProtocolErrorCode.SchemaViolation);
    expect(error.issues).toEqual(['attempt: must be between 1 and 1000']);
  });

  it('rejects a message of another type even when validly signed', () => {
    const { value, headers } = encodeMessage(aResult(), to, signer);
    expect(
      decodeError(() => decodeMessage(received(value, headers), verifier, parseErasureCommand)).code,
    ).toBe(ProtocolErrorCode.SchemaViolation);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['empty', Buffer.alloc(0)],
    ['not JSON', Buffer.from('{"service":')],
  ])('rejects a %s value as malformed', (_label, value) => {
    expect(decodeError(() => decodeMessage(received(value, {}), verifier, parseErasureCommand)).code).toBe(
      ProtocolErrorCode.MalformedJson,
    );
  });

  it.each([
    ['JSON null', 'null'],
    ['a JSON array', '[]'],
    ['a JSON string', '"accounts"'],
    ['a non-string service', '{"service":42}'],
    ['no service', '{"type":"erasure.command"}'],
  ])('rejects %s as lacking a service to verify against', (_label, json) => {
    const error = decodeError(() =>
      decodeMessage(received(Buffer.from(json), {}), verifier, parseErasureCommand),
    );
    expect(error.code).toBe(ProtocolErrorCode.SchemaViolation);
    expect(error.issues).toEqual(['service: is required']);
  });
});
