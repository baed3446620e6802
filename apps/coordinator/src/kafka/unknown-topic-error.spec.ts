import { isUnknownTopicError } from './kafka-connection';

describe(isUnknownTopicError.name, () => {
  const unknown = Object.assign(new Error('This server does not host this topic-partition'), {
    type: 'UNKNOWN_TOPIC_OR_PARTITION',
  });

  it('finds the broker error itself or under kafkajs wrappers', () => {
    expect(isUnknownTopicError(unknown)).toBe(true);
    const retries = Object.assign(new Error('retries exceeded'), { originalError: unknown });
    expect(isUnknownTopicError(retries)).toBe(true);
    expect(isUnknownTopicError(new Error('wrapped', { cause: retries }))).toBe(true);
  });

  it('does not call other failures a missing topic', () => {
    expect(isUnknownTopicError(new Error('Connection timeout'))).toBe(false);
    expect(isUnknownTopicError(Object.assign(new Error('x'), { type: 'NOT_LEADER_FOR_PARTITION' }))).toBe(
      false,
    );
    expect(isUnknownTopicError(undefined)).toBe(false);
  });
});
