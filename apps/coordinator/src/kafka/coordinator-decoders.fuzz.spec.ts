import fc from 'fast-check';
import {
  encodeMessage,
  EncodedMessage,
  ErasureResult,
  LetheMessage,
  ProtocolError,
  serviceSigner,
  ServiceAnnouncement,
} from '@lethe/deletion-sdk/protocol';
import { fuzzRuns, fuzzSeed } from '../../../../test/fuzz/fuzz-settings';
import {
  anAnnouncement,
  aResult,
  asLoose,
} from '../../../../libs/deletion-sdk/test/factories/protocol-messages.factory';
import { KeyRing } from '../crypto/key-ring';
import { decideResult } from '../results/result-decision';
import { TASK_STATUSES } from '../tasks/task-lifecycle';
import { decodeAnnouncement, decodeResult } from './coordinator-decoders';
import { MAX_RECORDS_AFFECTED } from './ledger-fit';

/**
 * Bad-input suite of what the coordinator consumes: results and announcements signed with the service's real key
 * (so every check past the signature is reached), with fields replaced by anything. Each is refused with a
 * ProtocolError (dead-lettered) or fits the ledger's columns — never a PostgreSQL error on every redelivery.
 */
const seed = fuzzSeed('coordinator decoders');
const keys = new KeyRing('fuzz-root-secret-0123456789-0123456789', 'k1');
const TOPIC = 'lethe.erasure.results';
const KEY = 'request-1';

/** Encoded and signed by `service` for the results topic, as its SDK would. */
function signedBy(service: string, body: LetheMessage): EncodedMessage {
  return encodeMessage(body, { topic: TOPIC, key: KEY }, serviceSigner(keys.signingKeyFor(service)));
}

/** Received as the coordinator's consumer receives it. */
const received = ({ value, headers }: EncodedMessage) => ({ topic: TOPIC, key: KEY, value, headers });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function refusedOr<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    if (error instanceof ProtocolError) return undefined;
    throw error;
  }
}

const awkward = fc.oneof(
  fc.jsonValue(),
  fc.uuid(),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    2_147_483_648,
    Number.MAX_SAFE_INTEGER,
    -1,
    0,
    1e308,
    '9999-12-31T23:59:59Z',
  ),
);

function mutations(base: Record<string, unknown>, nested: Record<string, string[]>): fc.Arbitrary<unknown> {
  const keys = Object.keys(base);
  const topLevel = fc
    .tuple(fc.constantFrom(...keys), awkward)
    .map(([key, value]) => ({ ...base, [key]: value }));
  if (Object.keys(nested).length === 0) return topLevel;
  return fc.oneof(
    topLevel,
    fc
      .tuple(fc.constantFrom(...Object.keys(nested)), awkward)
      .chain(([field, value]) =>
        fc
          .constantFrom(...nested[field])
          .map((inner) => ({ ...base, [field]: { ...(base[field] as object), [inner]: value } })),
      ),
  );
}

const aFittingResult = (overrides: Partial<ErasureResult> = {}) =>
  asLoose(
    aResult({
      requestId: '6f1c1a52-8c1e-4a8e-9d4e-6a1f0c9b2d11',
      taskId: '0b9e2f7a-3d4c-4f1e-8a6b-5c7d9e0f1a2b',
      ...overrides,
    }),
  );

const results = fc.oneof(
  mutations(aFittingResult(), {}),
  mutations(
    aFittingResult({
      outcome: 'failed',
      recordsAffected: 0,
      error: { code: 'E', message: 'm', retriable: true },
    }),
    {
      error: ['code', 'message', 'retriable'],
    },
  ),
  mutations(aFittingResult({ outcome: 'retained', retention: { basis: 'tax', note: 'kept' } }), {
    retention: ['basis', 'note'],
  }),
);

describe('bad-input suite: what the coordinator consumes', () => {
  it('decodes any signed result to a refusal or to one that fits the ledger, and decides it without throwing', () => {
    const task = fc.record({
      id: fc.uuid(),
      service: fc.constantFrom('accounts', 'orders'),
      status: fc.constantFrom(...TASK_STATUSES),
      attempts: fc.integer({ min: 0, max: 1001 }),
    });
    fc.assert(
      fc.property(results, task, (body, snapshot) => {
        const message = signedBy('accounts', body as ErasureResult);
        const result = refusedOr(() => decodeResult(received(message), keys.serviceMessageVerifier));
        if (!result) return;
        expect(result.requestId).toMatch(UUID);
        expect(result.taskId).toMatch(UUID);
        expect(result.recordsAffected).toBeLessThanOrEqual(MAX_RECORDS_AFFECTED);
        expect(JSON.stringify(result)).not.toContain('\\u0000');
        expect(['apply', 'ignore']).toContain(decideResult(snapshot, result).kind);
      }),
      { seed, numRuns: fuzzRuns(1500) },
    );
  });

  it('decodes any signed announcement to a refusal or to one that fits the ledger', () => {
    const announcements = mutations(asLoose(anAnnouncement()), {});
    fc.assert(
      fc.property(announcements, (body) => {
        const message = signedBy('accounts', body as ServiceAnnouncement);
        const announcement = refusedOr(() =>
          decodeAnnouncement(received(message), keys.serviceMessageVerifier),
        );
        if (!announcement) return;
        expect(announcement.service.length).toBeLessThanOrEqual(63);
        expect(announcement.instanceId.length).toBeLessThanOrEqual(128);
        expect(announcement.sdkVersion.length).toBeLessThanOrEqual(64);
        expect(JSON.stringify(announcement)).not.toContain('\\u0000');
      }),
      { seed, numRuns: fuzzRuns(700) },
    );
  });

  it('refuses a result signed with another service’s key', () => {
    fc.assert(
      fc.property(fc.constantFrom('orders', 'cart', 'marketing'), (signer) => {
        const message = signedBy(signer, aFittingResult() as unknown as ErasureResult);
        expect(refusedOr(() => decodeResult(received(message), keys.serviceMessageVerifier))).toBeUndefined();
      }),
      { seed, numRuns: fuzzRuns(20) },
    );
  });
});
