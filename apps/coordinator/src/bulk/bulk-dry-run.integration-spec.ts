import { deleted, ErasureContext } from '@lethe/deletion-sdk';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';

interface RequestView {
  id: string;
  status: string;
  dryRun: boolean;
  bulkJobId: string | null;
  tasks: { service: string; status: string; recordsAffected: number | null }[];
}

/**
 * Dry runs end to end through a real SDK service: the command carries dryRun, the handler reports what it would
 * delete and deletes nothing, the request completes marked as a dry run, and statistics do not count it.
 */
describe('dry runs, single and bulk (real PostgreSQL, Kafka and Redis, an SDK service)', () => {
  const harness = new CoordinatorHarness({ LETHE_BULK_POLL_INTERVAL_MS: '50' });
  const store = new Map<string, number>([
    ['ada@example.org', 3],
    ['bob@example.org', 2],
  ]);
  const seen: boolean[] = [];

  beforeAll(async () => {
    await harness.start();
    await harness.startService('shop', {
      db: async (ctx: ErasureContext) => {
        seen.push(ctx.dryRun);
        const email = ctx.identities.find((identity) => identity.type === 'email')?.value ?? '';
        const rows = store.get(email) ?? 0;
        if (!ctx.dryRun) store.delete(email);
        return deleted(rows);
      },
    });
    await harness.waitForService('shop');
  });
  afterAll(() => harness.stop());

  const completed = (id: string) =>
    harness.waitFor(`request ${id} to complete`, async () => {
      const { body } = await harness.api<RequestView>('GET', `/v1/erasure-requests/${id}`);
      return body.status === 'completed' ? body : undefined;
    });

  it('runs a single request as a dry run: reported, nothing deleted, not counted as an erasure', async () => {
    const before = await harness.api<{ requests: { byStatus: Record<string, number> } }>('GET', '/v1/stats');
    const created = await harness.api<RequestView>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: 'ada@example.org' }] },
      dryRun: true,
    });
    expect(created.status).toBe(201);
    expect(created.body.dryRun).toBe(true);
    const done = await completed(created.body.id);
    expect(done.dryRun).toBe(true);
    expect(done.tasks).toEqual([
      expect.objectContaining({ service: 'shop', status: 'deleted', recordsAffected: 3 }),
    ]);
    expect(store.get('ada@example.org')).toBe(3);
    expect(seen).toEqual([true]);

    const after = await harness.api<{ requests: { byStatus: Record<string, number> } }>('GET', '/v1/stats');
    expect(after.body.requests.byStatus.completed ?? 0).toBe(before.body.requests.byStatus.completed ?? 0);
    const audit = await harness.api<{ events: { type: string; data: Record<string, unknown> }[] }>(
      'GET',
      `/v1/erasure-requests/${created.body.id}/audit`,
    );
    expect(audit.body.events[0]).toMatchObject({ type: 'request.received', data: { dryRun: true } });
  });

  it('runs every request of a bulk upload as a dry run when asked', async () => {
    const body = ['ada@example.org', 'bob@example.org']
      .map((value) => JSON.stringify({ subject: { identities: [{ type: 'email', value }] } }))
      .join('\n');
    const response = await fetch(`${harness.url}/v1/erasure-requests/bulk?regulation=ccpa&dryRun=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.adminApiKey}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(response.status).toBe(202);
    const job = (await response.json()) as { id: string; dryRun: boolean };
    expect(job.dryRun).toBe(true);
    const finished = await harness.waitFor('the bulk dry run to finish', async () => {
      const view = await harness.api<{ progress: { finished: boolean }; requests: { completed: number } }>(
        'GET',
        `/v1/erasure-requests/bulk/${job.id}`,
      );
      return view.body.progress.finished ? view.body : undefined;
    });
    expect(finished.requests.completed).toBe(2);
    const rows = await harness.query<{ dry_run: boolean; records: number }>(
      `SELECT r.dry_run, t.records_affected AS records FROM erasure_requests r
         JOIN erasure_tasks t ON t.request_id = r.id WHERE r.bulk_job_id = $1 ORDER BY t.records_affected`,
      [job.id],
    );
    expect(rows).toEqual([
      { dry_run: true, records: 2 },
      { dry_run: true, records: 3 },
    ]);
    expect([...store.values()]).toEqual([3, 2]);
    expect(seen).toEqual([true, true, true]);
  });

  it('still erases for real without dryRun', async () => {
    const created = await harness.api<RequestView>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: 'bob@example.org' }] },
    });
    expect(created.body.dryRun).toBe(false);
    await completed(created.body.id);
    expect(store.has('bob@example.org')).toBe(false);
    expect(seen[seen.length - 1]).toBe(false);
    // four requests completed, three of them dry runs: statistics count the one erasure
    const counted = await harness.waitFor('statistics to count the erasure', async () => {
      const { body } = await harness.api<{
        requests: { byStatus: Record<string, number>; completedInWindow: number };
      }>('GET', '/v1/stats');
      return body.requests.byStatus.completed ? body.requests : undefined;
    });
    expect(counted.byStatus.completed).toBe(1);
    expect(counted.completedInWindow).toBe(1);
  });
});
