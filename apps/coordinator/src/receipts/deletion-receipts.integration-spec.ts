import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { deleted, retained } from '@lethe/deletion-sdk';
import { DeletionReceipt, verifyDeletionReceipt } from '@lethe/deletion-sdk/protocol';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';

interface KeysView {
  currentKeyId: string;
  keys: { id: string; publicKey: string; publicKeyPem: string; current: boolean }[];
}
interface AuditView {
  events: { seq: number; hash: string }[];
  chainValid: boolean;
}

const CLI = resolve(__dirname, '../../../../dist/apps/coordinator/src/cli/lethe.js');
const run = promisify(execFile);

/** Runs the built CLI; resolves with its exit code and output whatever the code. */
async function lethe(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('deletion receipts (real PostgreSQL, Kafka, Redis and an SDK service)', () => {
  const harness = new CoordinatorHarness();
  const dir = mkdtempSync(join(tmpdir(), 'lethe-receipts-'));
  let openGate: () => void = () => undefined;
  const gate = new Promise<void>((resolveGate) => (openGate = resolveGate));

  beforeAll(async () => {
    await harness.start();
    await harness.startService('shop', {
      db: async (ctx) => {
        // the first subject is held until the spec has seen the 409 of an open request
        if (ctx.valuesOf('email').includes('slow@example.org')) await gate;
        return deleted(2);
      },
      invoices: () => retained('tax law: invoices kept 10 years', 'invoice rows anonymised'),
    });
    await harness.waitForService('shop');
  });
  afterAll(async () => {
    openGate();
    rmSync(dir, { recursive: true, force: true });
    await harness.stop();
  });

  const submit = async (email: string) => {
    const { status, body } = await harness.api<{ id: string }>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      externalId: `receipt-${email.split('@')[0]}`,
      subject: { identities: [{ type: 'email', value: email }] },
    });
    expect(status).toBe(201);
    return body.id;
  };
  const completed = (id: string) =>
    harness.waitFor(`request ${id} to complete`, async () => {
      const { body } = await harness.api<{ status: string }>('GET', `/v1/erasure-requests/${id}`);
      return body.status === 'completed' ? body : undefined;
    });
  const publishedKeys = async () => {
    const { status, body } = await harness.api<KeysView>('GET', '/v1/keys/receipt-signing', undefined, null);
    expect(status).toBe(200);
    return body;
  };

  it('refuses a receipt while the request is open, then issues one that verifies with the served key', async () => {
    const id = await submit('slow@example.org');
    const early = await harness.api<{ code: string }>('GET', `/v1/erasure-requests/${id}/receipt`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('REQUEST_NOT_FINISHED');

    openGate();
    await completed(id);
    const {
      status,
      body: receipt,
      text,
    } = await harness.api<DeletionReceipt>('GET', `/v1/erasure-requests/${id}/receipt`);
    expect(status).toBe(200);
    expect(text).not.toContain('slow@example.org');

    const keys = await publishedKeys();
    expect(verifyDeletionReceipt(receipt, keys.keys)).toEqual({ valid: true, keyId: keys.currentKeyId });
    // the receipt key is not the command key
    const commandKeys = harness.commandVerificationKeys();
    expect(verifyDeletionReceipt(receipt, commandKeys)).toMatchObject({ valid: false });

    expect(receipt.request).toMatchObject({
      id,
      externalId: 'receipt-slow',
      regulation: 'gdpr',
      status: 'completed',
      cancelledAt: null,
      identityHashes: [{ type: 'email', hash: harness.keys.hashIdentity('email', 'slow@example.org') }],
    });
    expect(receipt.services).toEqual([
      {
        service: 'shop',
        status: 'retained',
        recordsAffected: 2,
        retention: { basis: 'tax law: invoices kept 10 years', note: 'invoice rows anonymised' },
        completedAt: expect.any(String),
      },
    ]);
    expect(receipt.legalHold).toBeNull();

    const audit = await harness.api<AuditView>('GET', `/v1/erasure-requests/${id}/audit`);
    expect(audit.body.chainValid).toBe(true);
    const last = audit.body.events[audit.body.events.length - 1];
    expect(receipt.auditChain).toEqual({ stream: `request:${id}`, seq: last.seq, hash: last.hash });
  });

  it('is readable with an auditor key, and says 404 for an unknown request', async () => {
    const id = await submit('auditor-view@example.org');
    await completed(id);
    const auditor = await harness.api<{ key: string }>('POST', '/v1/api-keys', {
      name: 'receipts',
      role: 'auditor',
    });
    const asAuditor = await harness.api(
      'GET',
      `/v1/erasure-requests/${id}/receipt`,
      undefined,
      auditor.body.key,
    );
    expect(asAuditor.status).toBe(200);
    const anonymous = await harness.api('GET', `/v1/erasure-requests/${id}/receipt`, undefined, null);
    expect(anonymous.status).toBe(401);
    const missing = await harness.api<{ code: string }>(
      'GET',
      '/v1/erasure-requests/6f1c2b7e-3c1a-4a57-9a55-3f1b0f7a2c10/receipt',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('RECEIPT_REQUEST_NOT_FOUND');
  });

  it('names the legal hold that answered a request, with the basis in the law of the request', async () => {
    const hold = await harness.api<{ id: string }>('POST', '/v1/legal-holds', {
      identities: [{ type: 'email', value: 'held@example.org' }],
      basis: 'litigation',
      reason: 'case 2027-CV-0193',
    });
    expect(hold.status).toBe(201);
    const id = await submit('held@example.org');
    const { status, body } = await harness.api<DeletionReceipt>('GET', `/v1/erasure-requests/${id}/receipt`);
    expect(status).toBe(200);
    expect(body.legalHold).toMatchObject({
      holdId: hold.body.id,
      basis: 'litigation',
      legalBasis: 'GDPR Art. 17(3)(e): establishment, exercise or defence of legal claims',
      releasedAt: null,
      followUpRequestId: null,
    });
    expect(body.services).toEqual([expect.objectContaining({ service: 'shop', status: 'retained' })]);
    expect(verifyDeletionReceipt(body, (await publishedKeys()).keys)).toMatchObject({ valid: true });
  });

  it('lethe receipt verify: exit 0 for the receipt file (key or URL), exit 1 once it is tampered with', async () => {
    expect(existsSync(CLI)).toBe(true); // `npm run build` first: the CLI runs from dist like any deployment
    const id = await submit('cli@example.org');
    await completed(id);
    const { text } = await harness.api('GET', `/v1/erasure-requests/${id}/receipt`);
    const file = join(dir, 'receipt.json');
    writeFileSync(file, text);
    const keys = await publishedKeys();
    const raw = keys.keys[0].publicKey;

    const offline = await lethe('receipt', 'verify', file, '--public-key', raw);
    expect(offline).toMatchObject({ code: 0 });
    expect(offline.stdout).toContain(`VALID: deletion receipt for request ${id}`);
    const pemFile = join(dir, 'receipt-key.pem');
    writeFileSync(pemFile, keys.keys[0].publicKeyPem);
    await expect(lethe('receipt', 'verify', file, '--public-key', pemFile)).resolves.toMatchObject({
      code: 0,
    });
    await expect(lethe('receipt', 'verify', file, '--url', harness.url)).resolves.toMatchObject({ code: 0 });

    const receipt = JSON.parse(readFileSync(file, 'utf8')) as DeletionReceipt;
    receipt.services[0].recordsAffected = 0;
    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify(receipt, null, 2));
    const refused = await lethe('receipt', 'verify', tampered, '--public-key', raw);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('INVALID');
    expect(refused.stderr).toContain('signature does not match');

    const commandKey = harness.commandVerificationKeys()[0].publicKey;
    await expect(lethe('receipt', 'verify', file, '--public-key', commandKey)).resolves.toMatchObject({
      code: 1,
    });
    await expect(lethe('receipt', 'verify', file)).resolves.toMatchObject({ code: 2 });
  });
});
