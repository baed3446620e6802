import { commandVerifier } from '@lethe/deletion-sdk/protocol';
import { CommandSigningKeysController } from './command-signing-keys.controller';
import { KeyRing } from './key-ring';

const ROOT = 'root-secret-of-at-least-32-characters!!';

describe(CommandSigningKeysController.name, () => {
  it('lists the current key first, then the previous ones, as raw base64 and PEM', () => {
    const keys = new KeyRing(ROOT, 'k2', ['k1']);
    const response = new CommandSigningKeysController(keys).commandSigningKeys();
    expect(response.currentKeyId).toBe('k2');
    expect(response.keys).toEqual([
      expect.objectContaining({ id: 'k2', algorithm: 'Ed25519', current: true }),
      expect.objectContaining({ id: 'k1', algorithm: 'Ed25519', current: false }),
    ]);
    expect(response.keys[0].publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('publishes keys that verify what the coordinator signs', () => {
    const keys = new KeyRing(ROOT, 'k1');
    const published = new CommandSigningKeysController(keys)
      .commandSigningKeys()
      .keys.map(({ id, publicKey }) => ({ id, publicKey }));
    const command = { topic: 'lethe.erasure.commands.cart', key: 'r', value: Buffer.from('{}') };
    const headers = keys.commandSigner.sign(command);
    expect(() => commandVerifier(published).verify(command, headers, 'cart')).not.toThrow();
  });

  it('publishes nothing secret: no service secret and no private key material', () => {
    const keys = new KeyRing(ROOT, 'k1');
    const body = JSON.stringify(new CommandSigningKeysController(keys).commandSigningKeys());
    expect(body).not.toContain(keys.serviceSecret('cart'));
    expect(body).not.toContain('PRIVATE');
  });
});
