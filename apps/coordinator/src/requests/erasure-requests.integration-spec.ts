import { deleted } from '@lethe/deletion-sdk';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';

const DAY = 86_400_000;

interface RequestView {
  id: string;
  status: string;
  dueAt: string;
  overdue: boolean;
}

describe('erasure requests: list and cancel (real PostgreSQL, Kafka and Redis)', () => {
  const harness = new CoordinatorHarness();

  beforeAll(async () => {
    await harness.start();
    // registered, then gone: requests stay open so they can be listed as open and cancelled
    const service = await harness.startService('archive', { db: async () => deleted(1) });
    await harness.waitForService('archive');
    await service.stop();
  });
  afterAll(() => harness.stop());

  const submit = async (regulation: 'gdpr' | 'ccpa', externalId: string) => {
    const { status, body } = await harness.api<RequestView>('POST', '/v1/erasure-requests', {
      regulation,
      subject: { identities: [{ type: 'user_id', value: externalId }] },
      externalId,
    });
    expect(status).toBe(201);
    return body;
  };

  it('cancels an open request once, records who did it, and refuses to cancel it again', async () => {
    const request = await submit('ccpa', 'cancel-1');
    const cancelled = await harness.api<RequestView & { tasks: { status: string }[] }>(
      'POST',
      `/v1/erasure-requests/${request.id}/cancel`,
      { reason: 'identity could not be verified' },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.tasks.every((t) => t.status === 'cancelled')).toBe(true);
    const again = await harness.api<{ code: string }>(
      'POST',
      `/v1/erasure-requests/${request.id}/cancel`,
      {},
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('REQUEST_ALREADY_FINISHED');
  });

  it('lists newest first with filters and keyset pagination', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await submit('ccpa', `page-${i}`)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/erasure-requests?regulation=ccpa&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await harness.api<{ items: { id: string }[]; nextCursor: string | null }>('GET', query);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.indexOf(ids[4])).toBeLessThan(seen.indexOf(ids[0]));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(ids));

    const byExternalId = await harness.api<{ items: { id: string }[] }>(
      'GET',
      '/v1/erasure-requests?q=page-3',
    );
    expect(byExternalId.body.items.map((i) => i.id)).toEqual([ids[3]]);

    harness.clock.advance(46 * DAY); // past every CCPA deadline above
    const overdue = await harness.api<{ items: { id: string; overdue: boolean }[] }>(
      'GET',
      '/v1/erasure-requests?overdue=true&limit=200',
    );
    expect(overdue.body.items.map((i) => i.id)).toEqual(expect.arrayContaining(ids));
    expect(overdue.body.items.every((i) => i.overdue)).toBe(true);

    for (const bad of ['?status=done', '?limit=0', '?limit=abc', '?cursor=garbage', '?overdue=maybe']) {
      const response = await harness.api('GET', `/v1/erasure-requests${bad}`);
      expect([bad, response.status]).toEqual([bad, 400]);
    }
  });
});
