import { deleted } from '@lethe/deletion-sdk';
import { DataSource } from 'typeorm';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { FreezableTcpProxy } from '../../test/support/freezable-tcp-proxy';

interface RequestView {
  id: string;
  status: string;
}

const PG_PORT = Number(new URL(process.env.LETHE_TEST_PG_URL ?? 'postgres://127.0.0.1:5432').port || 5432);

describe('database timeouts (the coordinator reaches real PostgreSQL through a proxy that can freeze)', () => {
  const proxy = new FreezableTcpProxy(PG_PORT);
  const harness = new CoordinatorHarness({
    LETHE_DB_STATEMENT_TIMEOUT_MS: '1000',
    LETHE_DB_QUERY_TIMEOUT_MS: '1500',
    LETHE_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '5000',
    LETHE_SWEEP_INTERVAL_MS: '500',
  });

  beforeAll(async () => {
    harness.routeDatabaseThrough(await proxy.start());
    await harness.start();
    await harness.startService('billing', { ledger: async () => deleted(1) });
    await harness.waitForService('billing');
  });

  afterAll(async () => {
    await harness.stop();
    await proxy.stop();
  });

  /** Submits until the coordinator answers 2xx; a submission on a connection that hangs fails and is retried. */
  async function submitUntilAccepted(externalId: string): Promise<string> {
    return harness.waitFor(`${externalId} to be accepted`, async () => {
      const { status, body } = await harness.api<RequestView>('POST', '/v1/erasure-requests', {
        regulation: 'gdpr',
        externalId,
        subject: { identities: [{ type: 'email', value: `${externalId}@example.org` }] },
      });
      return status === 201 || status === 200 ? body.id : undefined;
    });
  }

  const completed = (id: string) =>
    harness.waitFor(`${id} to complete`, async () => {
      const { body } = await harness.api<RequestView>('GET', `/v1/erasure-requests/${id}`);
      return body.status === 'completed' ? body : undefined;
    });

  it('drops connections that went silent mid-transaction, and the relay, results and intake carry on', async () => {
    await completed(await submitUntilAccepted('before-the-cut'));

    // every pooled connection goes half-open at once, some of them inside the relay's or the sweep's transaction
    expect(proxy.freezeOpenConnections()).toBeGreaterThan(0);

    const id = await submitUntilAccepted('after-the-cut');
    await expect(completed(id)).resolves.toMatchObject({ status: 'completed' });
    // and what still runs does so on fresh connections
    await completed(await submitUntilAccepted('well-after-the-cut'));
  });

  it('sets the server-side timeouts on every connection of the pool', async () => {
    const dataSource = harness.app.get(DataSource);
    await expect(dataSource.query('SHOW statement_timeout')).resolves.toEqual([{ statement_timeout: '1s' }]);
    await expect(dataSource.query('SHOW idle_in_transaction_session_timeout')).resolves.toEqual([
      { idle_in_transaction_session_timeout: '5s' },
    ]);
  });
});
