import { aCommand } from '../../test/factories/protocol-messages.factory';
import { encodeMessage } from '../protocol/codec';
import {
  commandPublicKey,
  commandSigner,
  commandSigningKeyFromSeed,
  commandVerifier,
} from '../protocol/command-signing';
import { serviceSigner } from '../protocol/service-signing';
import { decodeCommand } from './command-decoding';

const coordinatorKey = commandSigningKeyFromSeed('k1', Buffer.alloc(32, 3));
const verifier = commandVerifier([{ id: 'k1', publicKey: commandPublicKey(coordinatorKey).raw }]);
const at = { topic: 'lethe.erasure.commands.accounts', key: 'req-1' };

describe(decodeCommand.name, () => {
  it('returns a verified, valid command', () => {
    const { value, headers } = encodeMessage(aCommand(), at, commandSigner(coordinatorKey));
    expect(decodeCommand({ ...at, value, headers }, verifier)).toEqual({ ok: true, command: aCommand() });
  });

  it('gives the protocol error code and message as the reason', () => {
    const { value } = encodeMessage(aCommand(), at, commandSigner(coordinatorKey));
    expect(decodeCommand({ ...at, value, headers: {} }, verifier)).toEqual({
      ok: false,
      reason: { code: 'MISSING_SIGNATURE', message: 'message has no lethe-signature header' },
    });
  });

  it("refuses a command signed with the service's own HMAC secret", () => {
    const forged = serviceSigner({ id: 'k1', secret: 'accounts-secret-0123456789' });
    const { value, headers } = encodeMessage(aCommand(), at, forged);
    expect(decodeCommand({ ...at, value, headers }, verifier)).toEqual({
      ok: false,
      reason: { code: 'BAD_SIGNATURE', message: 'signature scheme "sha256" is not the expected "ed25519"' },
    });
  });

  it('names a key id it does not hold', () => {
    const other = commandSigningKeyFromSeed('k2', Buffer.alloc(32, 3));
    const { value, headers } = encodeMessage(aCommand(), at, commandSigner(other));
    expect(decodeCommand({ ...at, value, headers }, verifier)).toEqual({
      ok: false,
      reason: { code: 'UNKNOWN_SIGNING_KEY', message: 'unknown command signing key "k2"' },
    });
  });

  it('propagates what is not a protocol error', () => {
    const broken = {
      verify: () => {
        throw new TypeError('bug');
      },
    };
    const { value, headers } = encodeMessage(aCommand(), at, commandSigner(coordinatorKey));
    expect(() => decodeCommand({ ...at, value, headers }, broken)).toThrow(TypeError);
  });
});
