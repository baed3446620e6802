import { aCommand } from '../../test/factories/protocol-messages.factory';
import { encodeMessage } from '../protocol/codec';
import { decodeCommand } from './command-decoding';
import { serviceSecretLookup } from './signing-key-ring';

const key = { id: 'k1', secret: 'accounts-secret-0123456789' };
const secrets = serviceSecretLookup('accounts', [key]);

describe(decodeCommand.name, () => {
  it('returns a verified, valid command', () => {
    const { value, headers } = encodeMessage(aCommand(), key);
    expect(decodeCommand(value, headers, 'accounts', secrets)).toEqual({ ok: true, command: aCommand() });
  });

  it('gives the protocol error code and message as the reason', () => {
    const { value } = encodeMessage(aCommand(), key);
    expect(decodeCommand(value, {}, 'accounts', secrets)).toEqual({
      ok: false,
      reason: 'MISSING_SIGNATURE: message has no lethe-signature header',
    });
  });

  it('names a command addressed to another service as such', () => {
    const { value, headers } = encodeMessage(aCommand({ service: 'orders' }), key);
    expect(decodeCommand(value, headers, 'accounts', secrets)).toEqual({
      ok: false,
      reason: 'WRONG_SERVICE: command is for service "orders", this is "accounts"',
    });
  });

  it('keeps "unknown key" for a command to this service under a key it does not have', () => {
    const { value, headers } = encodeMessage(aCommand(), { id: 'k2', secret: key.secret });
    expect(decodeCommand(value, headers, 'accounts', secrets)).toEqual({
      ok: false,
      reason: 'UNKNOWN_SIGNING_KEY: unknown signing key "k2" for accounts',
    });
  });
});
