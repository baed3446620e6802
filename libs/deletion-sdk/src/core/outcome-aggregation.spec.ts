import { ErasureHandlerErrorCode } from './erasure-handler.error';
import { deleted, HandlerOutcome, notFound, retained } from './handler-outcome';
import { aggregateOutcomes, HandlerReport } from './outcome-aggregation';

const ok = (handler: string, outcome: HandlerOutcome): HandlerReport => ({ handler, outcome });
const failed = (handler: string, code: string, retriable: boolean, message = 'boom'): HandlerReport => ({
  handler,
  error: { code, message, retriable },
});

describe(aggregateOutcomes.name, () => {
  it('refuses an empty list (a service without handlers is a setup error)', () => {
    expect(() => aggregateOutcomes([])).toThrow(RangeError);
  });

  it('passes a single outcome through', () => {
    expect(aggregateOutcomes([ok('pg', deleted(2))])).toEqual({ outcome: 'deleted', recordsAffected: 2 });
    expect(aggregateOutcomes([ok('pg', notFound())])).toEqual({ outcome: 'not_found', recordsAffected: 0 });
  });

  it('is deleted when any store deleted, summing the counts', () => {
    expect(aggregateOutcomes([ok('pg', deleted(2)), ok('redis', notFound()), ok('s3', deleted(5))])).toEqual({
      outcome: 'deleted',
      recordsAffected: 7,
    });
  });

  it('is not_found only when every store found nothing', () => {
    expect(aggregateOutcomes([ok('pg', notFound()), ok('redis', notFound())])).toEqual({
      outcome: 'not_found',
      recordsAffected: 0,
    });
  });

  it('is retained when any store retained, with its basis and note', () => {
    expect(
      aggregateOutcomes([
        ok('pg', deleted(2)),
        ok('orders', retained('tax-law', 'kept 10 years', 3)),
        ok('r', notFound()),
      ]),
    ).toEqual({
      outcome: 'retained',
      recordsAffected: 5,
      retention: { basis: 'tax-law', note: 'kept 10 years' },
    });
  });

  it('combines the distinct bases and labels the notes by handler when several stores retain', () => {
    const result = aggregateOutcomes([
      ok('orders', retained('tax-law', 'invoices')),
      ok('ledger', retained('tax-law')),
      ok('claims', retained('legal-claims', 'open dispute')),
    ]);
    expect(result.retention).toEqual({
      basis: 'tax-law; legal-claims',
      note: 'orders: invoices; claims: open dispute',
    });
  });

  it('omits the note when no retaining store gave one', () => {
    expect(aggregateOutcomes([ok('orders', retained('tax-law'))]).retention).toEqual({ basis: 'tax-law' });
  });

  it('fails when any store failed, even if others retained or deleted', () => {
    const result = aggregateOutcomes([
      ok('pg', deleted(2)),
      ok('orders', retained('tax-law')),
      failed('redis', 'REDIS_DOWN', true, 'connection refused'),
    ]);
    expect(result).toEqual({
      outcome: 'failed',
      recordsAffected: 2,
      error: { code: 'REDIS_DOWN', message: 'redis: connection refused', retriable: true },
    });
    expect(result).not.toHaveProperty('retention');
  });

  it('is retriable only if every failure is', () => {
    const both = aggregateOutcomes([failed('a', 'X', true), failed('b', 'Y', true)]);
    expect(both.error).toEqual({
      code: ErasureHandlerErrorCode.MultipleHandlersFailed,
      message: 'a: [X] boom; b: [Y] boom',
      retriable: true,
    });
    expect(aggregateOutcomes([failed('a', 'X', true), failed('b', 'Y', false)]).error?.retriable).toBe(false);
    expect(aggregateOutcomes([failed('a', 'X', false)]).error?.retriable).toBe(false);
  });

  it('keeps error and retention text within the result schema limits', () => {
    const longFailure = aggregateOutcomes([failed('a'.repeat(10), 'C'.repeat(150), true, 'm'.repeat(3000))]);
    expect(longFailure.error?.code).toHaveLength(100);
    expect(longFailure.error?.message).toHaveLength(2000);
    const manyBases = aggregateOutcomes(
      Array.from({ length: 30 }, (_, i) => ok(`h${i}`, retained(`basis-number-${i}`, 'n'.repeat(200)))),
    );
    expect(manyBases.retention?.basis.length).toBeLessThanOrEqual(200);
    expect(manyBases.retention?.note?.length).toBeLessThanOrEqual(2000);
  });
});
