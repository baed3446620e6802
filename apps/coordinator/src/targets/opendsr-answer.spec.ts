import { openDsrAnswer } from './opendsr-answer';

describe(openDsrAnswer.name, () => {
  const now = new Date('2027-03-01T12:00:00Z');
  const url = 'https://processor.example/opendsr/v2/requests/1';
  const answer = (body: unknown) => openDsrAnswer(body, now, 60_000, url);

  it('maps completed to deleted and cancelled to a permanent failure', () => {
    expect(answer({ request_status: 'completed' })).toEqual({
      kind: 'outcome',
      outcome: 'deleted',
      recordsAffected: 0,
    });
    expect(answer({ request_status: 'cancelled' })).toMatchObject({
      outcome: 'failed',
      error: { code: 'TARGET_CANCELLED', retriable: false },
    });
  });

  it('keeps waiting on pending and in_progress, until the processor expected time', () => {
    expect(answer({ request_status: 'pending', expected_completion_time: '2027-03-20T00:00:00Z' })).toEqual({
      kind: 'accepted',
      expectedAt: new Date('2027-03-20T00:00:00Z'),
      statusUrl: url,
    });
    expect(answer({ request_status: 'in_progress' })).toEqual({
      kind: 'accepted',
      expectedAt: new Date(now.getTime() + 60_000),
      statusUrl: url,
    });
  });

  it('reads a creation receipt, which has no status, as pending', () => {
    expect(answer({ subject_request_id: 'a', expected_completion_time: '2027-03-20T00:00:00Z' })).toEqual({
      kind: 'accepted',
      expectedAt: new Date('2027-03-20T00:00:00Z'),
      statusUrl: url,
    });
  });

  it('refuses what is not an OpenDSR status', () => {
    expect(answer(null)).toEqual({ kind: 'invalid', reason: 'the body is not a JSON object' });
    expect(answer({ request_status: 'done' })).toEqual({
      kind: 'invalid',
      reason: 'request_status is not an OpenDSR status',
    });
  });
});
