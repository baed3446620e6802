import { ErasureContext, HandlerOutcome } from '@lethe/deletion-sdk';
import { encodeMessage, ErasureResult, serviceSigner } from '@lethe/deletion-sdk/protocol';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';

interface RequestView {
  id: string;
  status: string;
  tasks: { status: string; lastError: { message: string } | null; retention: { note?: string } | null }[];
}
interface AuditView {
  events: { type: string; data: Record<string, unknown> }[];
}
interface ErrorBody {
  statusCode: number;
  message: string[];
}

// Raw identifiers that must never come back out, neither in a response, nor in the ledger, nor in a log line.
const PII = ['ada@example.org', 'bob@other.example', '+44 20 7946 0958', '020 7946 0958', '415-555-2671'];

describe('free text and the ledger (in-process coordinator, real PostgreSQL and Kafka)', () => {
  const harness = new CoordinatorHarness();
  const logged: string[] = [];
  const spies: jest.SpyInstance[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    // Everything the coordinator logs (through the installed Nest logger) during this spec.
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      spies.push(
        jest.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
          logged.push(String(chunk));
          return write(chunk, ...rest);
        }) as typeof stream.write),
      );
    }
    await harness.start();
    // Holds every command until the end, so the results this spec publishes itself are the ones applied.
    await harness.startService('crm', {
      db: async (_ctx: ErasureContext): Promise<HandlerOutcome> => {
        await gate;
        throw new Error('released');
      },
    });
    await harness.waitForService('crm');
  });
  afterAll(async () => {
    release();
    await harness.stop();
    spies.forEach((spy) => spy.mockRestore());
  });

  const submit = async (extra: Record<string, unknown> = {}) =>
    harness.api<RequestView & ErrorBody>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: 'ada@example.org' }] },
      ...extra,
    });

  const expectRefusal = (response: { status: number; body: ErrorBody; text: string }, field: string) => {
    expect(response.status).toBe(400);
    expect(response.body.message).toEqual([
      expect.stringMatching(new RegExp(`^${field} must not contain personal data: it looks like it holds `)),
    ]);
    expect(response.body.message[0]).toContain('append-only audit ledger');
    for (const raw of PII) expect(response.text).not.toContain(raw);
  };

  it('refuses an externalId or notes that look like an email address or a phone number, and records nothing', async () => {
    expectRefusal(await submit({ externalId: 'ada@example.org' }), 'externalId');
    expectRefusal(await submit({ externalId: '415-555-2671' }), 'externalId');
    expectRefusal(await submit({ notes: 'called in from 020 7946 0958' }), 'notes');
    expectRefusal(await submit({ notes: 'forwarded by bob@other.example' }), 'notes');
    await expect(harness.query('SELECT id FROM erasure_requests')).resolves.toEqual([]);
  });

  it('accepts clean notes and an ordinary externalId, and keeps the notes in the ledger', async () => {
    const externalId = `TICKET-${randomUUID()}`;
    const created = await submit({ externalId, notes: 'received by post, ticket 4711, 2025-03-01' });
    expect(created.status).toBe(201);
    const audit = await harness.api<AuditView>('GET', `/v1/erasure-requests/${created.body.id}/audit`);
    expect(audit.body.events.find((e) => e.type === 'request.received')?.data).toMatchObject({
      externalId,
      notes: 'received by post, ticket 4711, 2025-03-01',
    });
  });

  it('refuses cancel and extend reasons that look like personal data, and changes nothing', async () => {
    const { body: request } = await submit();
    const id = request.id;
    expectRefusal(
      await harness.api('POST', `/v1/erasure-requests/${id}/cancel`, {
        reason: 'asked by bob@other.example',
      }),
      'reason',
    );
    expectRefusal(
      await harness.api('POST', `/v1/erasure-requests/${id}/extend`, {
        days: 30,
        reason: 'subject asked us to call +44 20 7946 0958',
      }),
      'reason',
    );
    const after = await harness.api<RequestView & { extension: unknown }>(
      'GET',
      `/v1/erasure-requests/${id}`,
    );
    expect(after.body.status).not.toBe('cancelled');
    expect(after.body.extension).toBeNull();
    const cancelled = await harness.api('POST', `/v1/erasure-requests/${id}/cancel`, {
      reason: 'identity could not be verified',
    });
    expect(cancelled.status).toBeLessThan(300);
  });

  it('refuses an API key named after a person', async () => {
    expectRefusal(
      await harness.api('POST', '/v1/api-keys', { name: 'ada@example.org', role: 'auditor' }),
      'name',
    );
  });

  it('masks addresses and numbers in the error messages and retention notes services send back', async () => {
    const failed = await submit();
    const retained = await submit();
    await publishResult(failed.body.id, {
      outcome: 'failed',
      error: {
        code: 'HANDLER_FAILED',
        message: 'pg: no row for bob@other.example, call +44 20 7946 0958',
        retriable: false,
      },
    });
    await publishResult(retained.body.id, {
      outcome: 'retained',
      retention: {
        basis: 'legal_obligation',
        note: 'invoice of ada@example.org kept; queries to 020 7946 0958',
      },
    });

    const settled = async (id: string, status: string) =>
      harness.waitFor(`request ${status}`, async () => {
        const { body } = await harness.api<RequestView>('GET', `/v1/erasure-requests/${id}`);
        return body.status === status ? body : undefined;
      });
    const attention = await settled(failed.body.id, 'needs_attention');
    expect(attention.tasks[0].lastError?.message).toBe(
      'pg: no row for [redacted-email], call [redacted-phone]',
    );
    const done = await settled(retained.body.id, 'completed');
    expect(done.tasks[0].retention?.note).toBe(
      'invoice of [redacted-email] kept; queries to [redacted-phone]',
    );

    const stored = JSON.stringify([
      await harness.query('SELECT * FROM erasure_tasks'),
      await harness.query('SELECT * FROM audit_events'),
    ]);
    for (const raw of PII) expect(stored).not.toContain(raw);
    const lines = logged.join('');
    expect(lines).toContain('failed (attempt 1): pg: no row for [redacted-email], call [redacted-phone]');
    for (const raw of PII) expect(lines).not.toContain(raw);
  });

  /** Publishes a correctly signed result for the request's only task, as a service without the SDK would. */
  async function publishResult(requestId: string, body: Partial<ErasureResult>): Promise<void> {
    const task = await harness.waitFor('the task to be dispatched', async () => {
      const [row] = await harness.query<{ id: string; status: string }>(
        `SELECT id, status FROM erasure_tasks WHERE request_id = $1`,
        [requestId],
      );
      return row?.status === 'dispatched' ? row : undefined;
    });
    const result: ErasureResult = {
      v: 1,
      type: 'erasure.result',
      id: randomUUID(),
      requestId,
      taskId: task.id,
      service: 'crm',
      attempt: 1,
      outcome: 'deleted',
      recordsAffected: 1,
      completedAt: new Date().toISOString(),
      sdkVersion: 'not-the-sdk',
      ...body,
    };
    const producer = new Kafka({
      brokers: harness.config.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
    try {
      await producer.send({
        topic: harness.config.topics.results,
        messages: [
          {
            key: requestId,
            ...encodeMessage(
              result,
              { topic: harness.config.topics.results, key: requestId },
              serviceSigner(harness.keys.signingKeyFor('crm')),
            ),
          },
        ],
      });
    } finally {
      await producer.disconnect();
    }
  }
});
