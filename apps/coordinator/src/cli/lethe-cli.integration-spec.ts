import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';

const CLI = resolve(__dirname, '../../../../dist/apps/coordinator/src/cli/lethe.js');

/** `lethe bulk submit` (built, from dist/: `npm run build` first) against a real coordinator. */
describe('lethe bulk submit (the CLI against a real coordinator)', () => {
  const harness = new CoordinatorHarness({ LETHE_BULK_POLL_INTERVAL_MS: '50' });
  const dir = mkdtempSync(join(tmpdir(), 'lethe-cli-'));

  beforeAll(async () => {
    await harness.start();
    const registered = await harness.api('POST', '/v1/services', {
      name: 'paper-archive',
      identityTypes: ['email'],
      dataCategories: ['records'],
    });
    expect(registered.status).toBe(201);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await harness.stop();
  });

  it('streams a CSV file, lists the rejected lines and follows the job until every request exists', async () => {
    const file = join(dir, 'drop-list.csv');
    writeFileSync(
      file,
      'email,externalId\nada@example.org,cli-1\nnot-an-email,cli-2\nbob@example.org,cli-3\n',
    );
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [CLI, 'bulk', 'submit', file, '--regulation', 'ccpa', '--no-wait'],
      { env: { ...process.env, LETHE_API_URL: harness.url, LETHE_API_KEY: harness.adminApiKey } },
    );
    expect(stdout).toMatch(/^bulk job [0-9a-f-]{36}: 3 lines read, 2 accepted, 1 rejected\n/);
    expect(stdout).toContain('line 3: identity of type email is not a valid email address');
    const id = /bulk job ([0-9a-f-]{36})/.exec(stdout)![1];
    await harness.waitFor('the job to be done', async () => {
      const { body } = await harness.api<{ status: string; requests: { created: number } }>(
        'GET',
        `/v1/erasure-requests/bulk/${id}`,
      );
      return body.status === 'done' && body.requests.created === 2 ? true : undefined;
    });
  });

  it('draws the progress until the job is finished', async () => {
    // every line rejected: the job finishes as soon as it is done, with no request to wait for
    const file = join(dir, 'rejected.ndjson');
    writeFileSync(file, '{"subject":{"identities":[{"type":"email","value":"nope"}]}}\n');
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'bulk', 'submit', file], {
      env: { ...process.env, LETHE_API_URL: harness.url, LETHE_API_KEY: harness.adminApiKey },
    });
    expect(stdout).toContain('1 lines read, 0 accepted, 1 rejected');
    expect(stdout).toMatch(/\[#{30}\] 100% {2}done: 0 created, 0 duplicates, 0 completed\n$/);
  });

  it('refuses bad arguments with the usage', async () => {
    await expect(
      promisify(execFile)(process.execPath, [CLI, 'bulk', 'submit'], { env: {} }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: lethe bulk submit FILE'),
    });
  });
});
