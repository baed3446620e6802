import { request as httpRequest } from 'node:http';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { BulkJobDetailResponse } from './dto/bulk-job.response';

/**
 * Bulk erasure against a real coordinator (PostgreSQL, Kafka, Redis): thousands of lines with bad ones and
 * duplicates mixed in, CSV quoting, and a coordinator closed mid-job and started again on the same database.
 * The services are manual ones (registered through the API), so the test measures intake, not Kafka round trips;
 * the dry run end to end through an SDK service is in bulk-dry-run.integration-spec.ts.
 */
// How long a job of 3,000 lines may take (batches of 50): seconds on a quiet machine, past 30 s on a loaded one (load
// 12 on 2 cores). The file's tests get that wait on top of the integration default.
const JOB_WAIT_MS = 240_000;
jest.setTimeout(JOB_WAIT_MS + 60_000);

describe('bulk erasure (real PostgreSQL, Kafka and Redis)', () => {
  // small batches, so that a few thousand lines take many transactions and a restart lands in the middle
  const harness = new CoordinatorHarness({ LETHE_BULK_BATCH_SIZE: '50', LETHE_BULK_POLL_INTERVAL_MS: '50' });

  beforeAll(async () => {
    await harness.start();
    for (const name of ['paper-archive', 'crm-export']) {
      const registered = await harness.api('POST', '/v1/services', {
        name,
        identityTypes: ['email', 'user_id'],
        dataCategories: ['records'],
      });
      expect(registered.status).toBe(201);
    }
  });
  afterAll(() => harness.stop());

  async function upload(body: string, contentType: string, query = 'regulation=gdpr') {
    const response = await fetch(`${harness.url}/v1/erasure-requests/bulk?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.adminApiKey}`, 'content-type': contentType },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as BulkJobDetailResponse & { code?: string },
    };
  }

  const job = async (id: string, query = '') =>
    (await harness.api<BulkJobDetailResponse>('GET', `/v1/erasure-requests/bulk/${id}${query}`)).body;

  const done = (id: string) =>
    harness.waitFor(
      `bulk job ${id} to be done`,
      async () => {
        const view = await job(id);
        return view.status === 'done' ? view : undefined;
      },
      JOB_WAIT_MS,
    );

  it('takes thousands of NDJSON lines, reports the bad ones by line number and skips duplicates', async () => {
    const existing = await harness.api<{ id: string }>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'user_id', value: 'before' }] },
      externalId: 'ticket-7',
    });
    expect(existing.status).toBe(201);

    const lines: string[] = [];
    const bad = new Map<number, string>();
    for (let n = 1; n <= 3000; n += 1) {
      const physical = lines.length + 1;
      if (n % 97 === 0) {
        lines.push(JSON.stringify({ subject: { identities: [{ type: 'email', value: `nobody-${n}` }] } }));
        bad.set(physical, 'is not a valid email address');
      } else if (n % 131 === 0) {
        lines.push(`{"subject": broken-${n}@example.org`);
        bad.set(physical, 'line is not valid JSON');
      } else {
        // ticket-7 exists already; ticket-12 appears twice in the file
        const externalId = n === 7 ? 'ticket-7' : n === 2500 ? 'ticket-12' : `ticket-${n}`;
        lines.push(
          JSON.stringify({
            subject: { identities: [{ type: 'email', value: `s${n}@example.org` }] },
            externalId,
          }),
        );
      }
      if (n === 1500) lines.push(''); // blank lines are skipped, not counted
    }
    const submitted = await upload(`${lines.join('\n')}\n`, 'application/x-ndjson');
    expect(submitted.status).toBe(202);
    expect(submitted.body.lines).toEqual({ read: 3000, accepted: 3000 - bad.size, rejected: bad.size });

    const finished = await done(submitted.body.id);
    expect(finished.requests).toMatchObject({ created: 3000 - bad.size - 2, duplicates: 2, pending: 0 });

    // every rejected line, in order, page by page, with its number and a reason that repeats no value
    const rejected: { line: number; reason: string }[] = [];
    let after = 0;
    for (;;) {
      const page = await job(submitted.body.id, `?rejectedLimit=7&rejectedAfter=${after}`);
      rejected.push(...page.rejected.items);
      if (page.rejected.nextRejectedAfter === null) break;
      after = page.rejected.nextRejectedAfter;
    }
    expect(rejected.map((r) => r.line)).toEqual([...bad.keys()].sort((a, b) => a - b));
    for (const { line, reason } of rejected) expect(reason).toContain(bad.get(line));
    expect(JSON.stringify(rejected)).not.toContain('@example.org');

    const [counts] = await harness.query<{
      requests: number;
      tasks: number;
      outbox: number;
      pending: number;
    }>(
      `SELECT (SELECT count(*)::int FROM erasure_requests WHERE bulk_job_id = $1) AS requests,
              (SELECT count(*)::int FROM erasure_tasks t JOIN erasure_requests r ON r.id = t.request_id
                WHERE r.bulk_job_id = $1) AS tasks,
              (SELECT count(*)::int FROM outbox_messages o JOIN erasure_tasks t ON t.id = o.task_id
                 JOIN erasure_requests r ON r.id = t.request_id WHERE r.bulk_job_id = $1) AS outbox,
              (SELECT count(*)::int FROM bulk_lines WHERE job_id = $1 AND sealed_identities IS NOT NULL) AS pending`,
      [submitted.body.id],
    );
    expect(counts).toEqual({
      requests: 3000 - bad.size - 2,
      tasks: 2 * counts.requests,
      outbox: 2 * counts.requests,
      pending: 0,
    });
    const [ticket] = await harness.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM erasure_requests WHERE external_id IN ('ticket-7', 'ticket-12')`,
    );
    expect(ticket.n).toBe(2);
    const [line7] = await harness.query<{ state: string; request_id: string }>(
      `SELECT state, request_id FROM bulk_lines WHERE job_id = $1 AND line_no = 7`,
      [submitted.body.id],
    );
    expect(line7).toEqual({ state: 'duplicate', request_id: existing.body.id });

    const listed = await harness.api<{ items: { id: string }[] }>('GET', '/v1/erasure-requests/bulk');
    expect(listed.body.items.map((item) => item.id)).toContain(submitted.body.id);
    expect((await harness.api<{ valid: boolean }>('GET', '/v1/audit/verify')).body.valid).toBe(true);
  });

  it('answers a subject under legal hold as retained, dispatching nothing for it, and queues the others', async () => {
    const hold = await harness.api<{ id: string }>('POST', '/v1/legal-holds', {
      identities: [{ type: 'user_id', value: 'held-in-bulk' }],
      basis: 'litigation',
      reason: 'case 2027-CV-0200',
    });
    expect(hold.status).toBe(201);
    const lines = ['held-in-bulk', 'free-in-bulk'].map((value) =>
      JSON.stringify({ subject: { identities: [{ type: 'user_id', value }] }, externalId: `hold-${value}` }),
    );
    const submitted = await upload(lines.join('\n'), 'application/x-ndjson');
    expect(submitted.status).toBe(202);
    await done(submitted.body.id);
    const rows = await harness.query<{
      external_id: string;
      status: string;
      hold_id: string | null;
      queued: number;
      retained: number;
    }>(
      `SELECT r.external_id, r.status, h.hold_id,
              (SELECT count(*)::int FROM outbox_messages o JOIN erasure_tasks t ON t.id = o.task_id
                WHERE t.request_id = r.id) AS queued,
              (SELECT count(*)::int FROM erasure_tasks t WHERE t.request_id = r.id AND t.status = 'retained') AS retained
         FROM erasure_requests r LEFT JOIN legal_hold_requests h ON h.request_id = r.id
        WHERE r.bulk_job_id = $1 ORDER BY r.external_id`,
      [submitted.body.id],
    );
    expect(rows).toEqual([
      {
        external_id: 'hold-free-in-bulk',
        status: expect.not.stringMatching(/completed/),
        hold_id: null,
        queued: 2,
        retained: 0,
      },
      {
        external_id: 'hold-held-in-bulk',
        status: 'completed',
        hold_id: hold.body.id,
        queued: 0,
        retained: 2,
      },
    ]);
    const [{ id: heldId }] = await harness.query<{ id: string }>(
      `SELECT id FROM erasure_requests WHERE external_id = 'hold-held-in-bulk'`,
    );
    const audit = await harness.api<{ events: { type: string }[] }>(
      'GET',
      `/v1/erasure-requests/${heldId}/audit`,
    );
    expect(audit.body.events.map((event) => event.type)).toEqual([
      'request.received',
      'request.held',
      'request.completed',
    ]);
    await expect(harness.api('DELETE', `/v1/legal-holds/${hold.body.id}`)).resolves.toMatchObject({
      status: 200,
    });
  });

  it('reads quoted CSV, one subject per row, with bad rows reported and the rest created', async () => {
    const csv = [
      'email,user_id,externalId',
      '"Quoted@Example.org",,csv-1',
      '"multi, comma",,csv-2',
      ',"u-""3""",csv-3',
      'a"b@example.org,,csv-4',
      ',,csv-5',
      'e@example.org,u-6,"csv-6"',
    ].join('\r\n');
    const submitted = await upload(csv, 'text/csv; charset=utf-8', 'regulation=ccpa');
    expect(submitted.status).toBe(202);
    expect(submitted.body.lines).toEqual({ read: 6, accepted: 3, rejected: 3 });
    expect(submitted.body.rejected.items.map((r) => r.line)).toEqual([3, 5, 6]);
    const finished = await done(submitted.body.id);
    expect(finished.requests.created).toBe(3);
    const rows = await harness.query<{ external_id: string; regulation: string }>(
      `SELECT external_id, regulation FROM erasure_requests WHERE bulk_job_id = $1 ORDER BY external_id`,
      [submitted.body.id],
    );
    expect(rows).toEqual([
      { external_id: 'csv-1', regulation: 'ccpa' },
      { external_id: 'csv-3', regulation: 'ccpa' },
      { external_id: 'csv-6', regulation: 'ccpa' },
    ]);
  });

  it('refuses a bad header, an unknown format and an empty upload, keeping nothing of them', async () => {
    const tables = `SELECT (SELECT count(*)::int FROM bulk_lines) AS lines, (SELECT count(*)::int FROM bulk_jobs) AS jobs`;
    const before = await harness.query(tables);
    const header = await upload('email,name\na@example.org,Ada\n', 'text/csv');
    expect(header.status).toBe(400);
    expect(header.body.code).toBe('BULK_INVALID_HEADER');
    const format = await upload('{}', 'application/json');
    expect(format.status).toBe(415);
    const empty = await upload('\n\n', 'application/x-ndjson');
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('BULK_EMPTY_UPLOAD');
    const regulation = await upload('{}\n', 'application/x-ndjson', 'regulation=hipaa');
    expect(regulation.status).toBe(400);
    expect(await harness.query(tables)).toEqual(before);
  });

  it('aborts an upload that breaks off, and keeps none of its lines', async () => {
    const [{ n: before }] = await harness.query<{ n: number }>(`SELECT count(*)::int AS n FROM bulk_jobs`);
    const url = new URL(`${harness.url}/v1/erasure-requests/bulk?regulation=gdpr`);
    const client = httpRequest(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.adminApiKey}`, 'content-type': 'application/x-ndjson' },
    });
    client.on('error', () => undefined);
    const line = JSON.stringify({ subject: { identities: [{ type: 'user_id', value: 'cut-off' }] } });
    // more than a batch, so some lines are spooled before the connection goes
    client.write(`${Array.from({ length: 120 }, () => line).join('\n')}\n`);
    await harness.waitFor('the upload to be spooled', async () => {
      const [row] = await harness.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM bulk_lines l JOIN bulk_jobs j ON j.id = l.job_id WHERE j.status = 'receiving'`,
      );
      return row.n > 0 ? true : undefined;
    });
    client.destroy();
    const aborted = await harness.waitFor('the job to be aborted', async () => {
      const rows = await harness.query<{ id: string; status: string; abort_reason: string }>(
        `SELECT id, status, abort_reason FROM bulk_jobs ORDER BY created_at DESC LIMIT 1`,
      );
      return rows[0]?.status === 'aborted' ? rows[0] : undefined;
    });
    expect(aborted.abort_reason).toBe('upload interrupted');
    const [{ n: after }] = await harness.query<{ n: number }>(`SELECT count(*)::int AS n FROM bulk_jobs`);
    expect(after).toBe(before + 1);
    await expect(
      harness.query(`SELECT count(*)::int AS n FROM bulk_lines WHERE job_id = $1`, [aborted.id]),
    ).resolves.toEqual([{ n: 0 }]);
    const view = await job(aborted.id);
    expect(view.progress.finished).toBe(true);
    expect(view.requests.created).toBe(0);
  });

  it('resumes a job after the coordinator is closed mid-way, and duplicates nothing', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ subject: { identities: [{ type: 'user_id', value: `resume-${i}` }] } }),
    );
    const submitted = await upload(lines.join('\n'), 'application/x-ndjson');
    expect(submitted.status).toBe(202);
    const id = submitted.body.id;
    const createdSoFar = async () =>
      (
        await harness.query<{ n: number }>(`SELECT requests_created AS n FROM bulk_jobs WHERE id = $1`, [id])
      )[0].n;
    const deadline = Date.now() + JOB_WAIT_MS;
    while ((await createdSoFar()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));

    // counted while no coordinator runs: after the restart the new one is already resuming
    let atStop = 0;
    await harness.restart(async () => {
      atStop = await createdSoFar();
    });
    expect(atStop).toBeGreaterThan(0);
    expect(atStop).toBeLessThan(3000);

    const finished = await done(id);
    expect(finished.requests).toMatchObject({ created: 3000, duplicates: 0, pending: 0 });
    const [counts] = await harness.query<{ requests: number; distinct: number; events: number }>(
      `SELECT count(*)::int AS requests, count(DISTINCT identity_hashes)::int AS distinct,
              (SELECT count(*)::int FROM audit_events e JOIN erasure_requests r ON e.stream = 'request:' || r.id
                WHERE r.bulk_job_id = $1 AND e.type = 'request.received') AS events
         FROM erasure_requests WHERE bulk_job_id = $1`,
      [id],
    );
    expect(counts).toEqual({ requests: 3000, distinct: 3000, events: 3000 });
    expect((await harness.api<{ valid: boolean }>('GET', '/v1/audit/verify')).body.valid).toBe(true);
  });
});
