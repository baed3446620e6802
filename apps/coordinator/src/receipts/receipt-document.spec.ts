import { buildReceiptDocument, isReceiptable, ReceiptFacts } from './receipt-document';
import { REQUEST_STATUSES } from '../requests/request-lifecycle';

const at = (iso: string) => new Date(iso);
const facts = (overrides: Partial<ReceiptFacts> = {}): ReceiptFacts => ({
  request: {
    id: 'req-1',
    externalId: null,
    regulation: 'ccpa',
    status: 'completed',
    submittedAt: at('2027-03-01T10:00:00Z'),
    dueAt: at('2027-04-15T06:59:59.999Z'),
    completedAt: at('2027-03-01T10:05:00Z'),
    cancelledAt: null,
    identityHashes: [{ type: 'email', hash: 'h1' }],
  },
  tasks: [
    {
      service: 'orders',
      status: 'retained',
      recordsAffected: 1,
      retention: { basis: 'tax' },
      completedAt: null,
    },
    {
      service: 'accounts',
      status: 'deleted',
      recordsAffected: 2,
      retention: null,
      completedAt: at('2027-03-01T10:04:00Z'),
    },
  ],
  held: null,
  chainHead: { stream: 'request:req-1', seq: 5, hash: 'c'.repeat(64) },
  issuedAt: at('2027-03-02T00:00:00Z'),
  keyId: 'k1',
  ...overrides,
});

describe(buildReceiptDocument.name, () => {
  it('states the request, the outcomes by service name, the chain head and the key id, dates in ISO form', () => {
    expect(buildReceiptDocument(facts())).toEqual({
      v: 1,
      type: 'lethe.deletion-receipt',
      request: {
        id: 'req-1',
        externalId: null,
        regulation: 'ccpa',
        status: 'completed',
        submittedAt: '2027-03-01T10:00:00.000Z',
        dueAt: '2027-04-15T06:59:59.999Z',
        completedAt: '2027-03-01T10:05:00.000Z',
        cancelledAt: null,
        identityHashes: [{ type: 'email', hash: 'h1' }],
      },
      services: [
        {
          service: 'accounts',
          status: 'deleted',
          recordsAffected: 2,
          retention: null,
          completedAt: '2027-03-01T10:04:00.000Z',
        },
        {
          service: 'orders',
          status: 'retained',
          recordsAffected: 1,
          retention: { basis: 'tax', note: null },
          completedAt: null,
        },
      ],
      legalHold: null,
      auditChain: { stream: 'request:req-1', seq: 5, hash: 'c'.repeat(64) },
      issuedAt: '2027-03-02T00:00:00.000Z',
      keyId: 'k1',
    });
  });

  it('copies only the hash and type of each identity, whatever else the row carries', () => {
    const request = { ...facts().request, identityHashes: [{ type: 'email', hash: 'h1', value: 'a@b.c' }] };
    expect(JSON.stringify(buildReceiptDocument(facts({ request })))).not.toContain('a@b.c');
  });

  it("names the hold and the provision of the request's own law it was kept under", () => {
    const document = buildReceiptDocument(
      facts({
        held: {
          hold: { id: 'hold-1', basis: 'litigation', placedAt: at('2027-02-01T00:00:00Z'), releasedAt: null },
          heldAt: at('2027-03-01T10:00:00Z'),
          followUpRequestId: null,
        },
      }),
    );
    expect(document.legalHold).toEqual({
      holdId: 'hold-1',
      basis: 'litigation',
      legalBasis: 'CCPA §1798.145(a)(1)(E): exercise or defend legal claims',
      placedAt: '2027-02-01T00:00:00.000Z',
      heldAt: '2027-03-01T10:00:00.000Z',
      releasedAt: null,
      followUpRequestId: null,
    });
  });

  it('refuses an open request', () => {
    expect(() =>
      buildReceiptDocument(facts({ request: { ...facts().request, status: 'in_progress' } })),
    ).toThrow(RangeError);
  });
});

describe(isReceiptable.name, () => {
  it.each(REQUEST_STATUSES.map((status) => [status]))('%s', (status) => {
    expect(isReceiptable(status)).toBe(status === 'completed' || status === 'cancelled');
  });
});
