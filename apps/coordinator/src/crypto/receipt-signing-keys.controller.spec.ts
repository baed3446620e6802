import { signDeletionReceipt, verifyDeletionReceipt } from '@lethe/deletion-sdk/protocol';
import { ReceiptSigningKeysController } from './receipt-signing-keys.controller';
import { KeyRing } from './key-ring';

const ROOT = 'root-secret-of-at-least-32-characters!!';

describe(ReceiptSigningKeysController.name, () => {
  it('lists the current key first, then the previous ones, as raw base64 and PEM', () => {
    const response = new ReceiptSigningKeysController(new KeyRing(ROOT, 'k2', ['k1'])).receiptSigningKeys();
    expect(response.currentKeyId).toBe('k2');
    expect(response.keys).toEqual([
      expect.objectContaining({ id: 'k2', algorithm: 'Ed25519', current: true }),
      expect.objectContaining({ id: 'k1', algorithm: 'Ed25519', current: false }),
    ]);
    expect(response.keys[0].publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('publishes keys that verify what the coordinator signs, and that are not the command keys', () => {
    const keys = new KeyRing(ROOT, 'k1');
    const published = new ReceiptSigningKeysController(keys).receiptSigningKeys().keys;
    const receipt = signDeletionReceipt(
      {
        v: 1,
        type: 'lethe.deletion-receipt',
        request: {
          id: 'r',
          externalId: null,
          regulation: 'ccpa',
          status: 'cancelled',
          submittedAt: '2027-01-01T00:00:00.000Z',
          dueAt: '2027-02-15T00:00:00.000Z',
          completedAt: null,
          cancelledAt: '2027-01-02T00:00:00.000Z',
          identityHashes: [],
        },
        services: [],
        legalHold: null,
        auditChain: { stream: 'request:r', seq: 2, hash: '0'.repeat(64) },
        issuedAt: '2027-01-03T00:00:00.000Z',
        keyId: 'k1',
      },
      keys.receiptKey,
    );
    expect(verifyDeletionReceipt(receipt, published)).toEqual({ valid: true, keyId: 'k1' });
    const commandKeys = keys.commandPublicKeys().map(({ id, raw }) => ({ id, publicKey: raw }));
    expect(verifyDeletionReceipt(receipt, commandKeys)).toMatchObject({ valid: false });
  });

  it('publishes nothing secret', () => {
    const body = JSON.stringify(
      new ReceiptSigningKeysController(new KeyRing(ROOT, 'k1')).receiptSigningKeys(),
    );
    expect(body).not.toContain('PRIVATE');
  });
});
