import { DLQ_REASON_HEADER } from '../protocol/signing';
import { DLQ_AT_HEADER, DLQ_SOURCE_HEADER, deadLetterMessage } from './dead-letter';

describe(deadLetterMessage.name, () => {
  const now = new Date('2025-03-01T10:00:00.000Z');
  const original = {
    key: Buffer.from('req-1'),
    value: Buffer.from('{"bad":true}'),
    headers: { 'lethe-signature': Buffer.from('sha256=00'), traceparent: 'tp' },
    offset: '12',
  };

  it('keeps key, bytes and headers and adds why, where from and when', () => {
    const message = deadLetterMessage(
      original,
      { topic: 'lethe.erasure.commands.a', partition: 2 },
      'BAD: x',
      now,
    );
    expect(message).toEqual({
      key: original.key,
      value: original.value,
      headers: {
        ...original.headers,
        [DLQ_REASON_HEADER]: 'BAD: x',
        [DLQ_SOURCE_HEADER]: 'lethe.erasure.commands.a:2:12',
        [DLQ_AT_HEADER]: '2025-03-01T10:00:00.000Z',
      },
    });
  });

  it('bounds the reason and replaces an earlier one', () => {
    const replayed = { ...original, headers: { [DLQ_REASON_HEADER]: 'old reason' } };
    const message = deadLetterMessage(replayed, { topic: 't', partition: 0 }, 'r'.repeat(5000), now);
    expect(String(message.headers?.[DLQ_REASON_HEADER])).toHaveLength(1000);
  });

  it('does not modify the original headers', () => {
    deadLetterMessage(original, { topic: 't', partition: 0 }, 'x', now);
    expect(Object.keys(original.headers)).toEqual(['lethe-signature', 'traceparent']);
  });
});
