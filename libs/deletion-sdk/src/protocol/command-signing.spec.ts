import { generateKeyPairSync } from 'node:crypto';
import {
  commandPublicKey,
  commandSigner,
  commandSigningKeyFromSeed,
  commandVerifier,
  parseCommandPublicKey,
} from './command-signing';
import { ProtocolError, ProtocolErrorCode } from './protocol.errors';
import { deriveServiceSecret, serviceSigner } from './service-signing';
import { KEY_ID_HEADER, MessageHeaders, SIGNATURE_HEADER, SignedMessage } from './signing';

const seed = (byte: number) => Buffer.alloc(32, byte);
const k1 = commandSigningKeyFromSeed('k1', seed(1));
const k2 = commandSigningKeyFromSeed('k2', seed(2));
const published = (key = k1, as: 'raw' | 'pem' = 'raw') => ({
  id: key.id,
  publicKey: commandPublicKey(key)[as],
});

const command: SignedMessage = {
  topic: 'lethe.erasure.commands.accounts',
  key: 'req-1',
  value: Buffer.from('{"type":"erasure.command","service":"accounts"}'),
};

function refusal(headers: MessageHeaders | undefined, keys = [published()], what = command): ProtocolError {
  try {
    commandVerifier(keys).verify(what, headers, 'accounts');
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    return err as ProtocolError;
  }
  throw new Error('expected the command to be refused');
}

describe('command signing (Ed25519, coordinator only)', () => {
  describe(commandSigningKeyFromSeed.name, () => {
    it('derives the same key pair from the same seed, and different ones from different seeds', () => {
      expect(commandPublicKey(commandSigningKeyFromSeed('k1', seed(1)))).toEqual(commandPublicKey(k1));
      expect(commandPublicKey(k2).raw).not.toBe(commandPublicKey(k1).raw);
      expect(k1.privateKey.asymmetricKeyType).toBe('ed25519');
    });

    it('refuses a seed that is not 32 bytes', () => {
      expect(() => commandSigningKeyFromSeed('k1', Buffer.alloc(31))).toThrow(RangeError);
    });
  });

  describe(commandPublicKey.name, () => {
    it('publishes 32 raw bytes in base64 and the same key as SPKI PEM', () => {
      const { id, raw, pem } = commandPublicKey(k1);
      expect(id).toBe('k1');
      expect(Buffer.from(raw, 'base64')).toHaveLength(32);
      expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
      expect(parseCommandPublicKey(pem).equals(parseCommandPublicKey(raw))).toBe(true);
    });
  });

  describe(parseCommandPublicKey.name, () => {
    it.each([
      ['not base64 of 32 bytes', 'AAAA'],
      ['base64 with junk around it', `${commandPublicKey(k1).raw}!`],
      ['a broken PEM', '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----'],
      ['empty', ''],
    ])('refuses %s', (_label, text) => {
      expect(() => parseCommandPublicKey(text)).toThrow(RangeError);
    });

    it('refuses a public key of another algorithm', () => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
      expect(() => parseCommandPublicKey(pem)).toThrow('got a ec key');
    });
  });

  describe(commandVerifier.name, () => {
    it('accepts a command signed by the coordinator key, given as raw base64 or as PEM', () => {
      const headers = commandSigner(k1).sign(command);
      expect(headers[KEY_ID_HEADER]).toBe('k1');
      expect(headers[SIGNATURE_HEADER]).toMatch(/^ed25519=[A-Za-z0-9+/]{86}==$/);
      expect(() => commandVerifier([published()]).verify(command, headers, 'accounts')).not.toThrow();
      expect(() =>
        commandVerifier([published(k1, 'pem')]).verify(command, headers, 'accounts'),
      ).not.toThrow();
    });

    it("refuses a command forged with the service's own HMAC secret (the old scheme)", () => {
      const secret = deriveServiceSecret('a-leaked-master-or-service-secret', 'accounts', 'k1');
      const forged = serviceSigner({ id: 'k1', secret }).sign(command);
      const error = refusal(forged);
      expect(error.code).toBe(ProtocolErrorCode.BadSignature);
      expect(error.message).toBe('signature scheme "sha256" is not the expected "ed25519"');
    });

    it('refuses a command signed with a key pair the service does not hold, under a known key id', () => {
      const impostor = commandSigningKeyFromSeed('k1', seed(9));
      expect(refusal(commandSigner(impostor).sign(command)).code).toBe(ProtocolErrorCode.BadSignature);
    });

    it.each([
      ['moved to another service topic', { ...command, topic: 'lethe.erasure.commands.orders' }],
      ['moved to another environment', { ...command, topic: 'staging.lethe.erasure.commands.accounts' }],
      ['re-keyed', { ...command, key: 'req-2' }],
      ['stripped of its key', { ...command, key: null }],
      ['altered', { ...command, value: Buffer.from('{"type":"erasure.command","service":"orders"}') }],
    ])('refuses a genuine command %s', (_label, moved) => {
      const headers = commandSigner(k1).sign(command);
      expect(refusal(headers, [published()], moved).code).toBe(ProtocolErrorCode.BadSignature);
    });

    it('refuses a truncated or garbled signature', () => {
      const headers = commandSigner(k1).sign(command);
      for (const signature of ['ed25519=', 'ed25519=AAAA', `${headers[SIGNATURE_HEADER]}AA`]) {
        expect(refusal({ ...headers, [SIGNATURE_HEADER]: signature }).code).toBe(
          ProtocolErrorCode.BadSignature,
        );
      }
    });

    it('refuses unsigned commands', () => {
      expect(refusal(undefined).code).toBe(ProtocolErrorCode.MissingSignature);
      expect(refusal({ [KEY_ID_HEADER]: 'k1' }).code).toBe(ProtocolErrorCode.MissingSignature);
    });

    it('supports rotation: a service holding k1 and k2 accepts both; once k1 is dropped, k1 commands fail', () => {
      const old = commandSigner(k1).sign(command);
      const current = commandSigner(k2).sign(command);
      const during = [published(k2), published(k1)];
      expect(() => commandVerifier(during).verify(command, old, 'accounts')).not.toThrow();
      expect(() => commandVerifier(during).verify(command, current, 'accounts')).not.toThrow();
      const after = refusal(old, [published(k2)]);
      expect(after.code).toBe(ProtocolErrorCode.UnknownSigningKey);
      expect(after.message).toBe('unknown command signing key "k1"');
    });

    it('refuses a signature made with one key id but labelled with another', () => {
      const relabelled = { ...commandSigner(k1).sign(command), [KEY_ID_HEADER]: 'k2' };
      expect(refusal(relabelled, [published(k1), published(k2)]).code).toBe(ProtocolErrorCode.BadSignature);
    });

    it('fails fast on a configured key that is not an Ed25519 public key', () => {
      expect(() => commandVerifier([{ id: 'k1', publicKey: 'not-a-key' }])).toThrow(RangeError);
    });
  });
});
