import {
  COMMAND_TOPIC_PREFIX,
  commandTopic,
  deadLetterTopic,
  isValidServiceName,
  REGISTRY_TOPIC,
  RESULTS_TOPIC,
} from './topics';

describe('topics', () => {
  it('names the shared topics as the wire protocol documents them', () => {
    expect(RESULTS_TOPIC).toBe('lethe.erasure.results');
    expect(REGISTRY_TOPIC).toBe('lethe.registry');
    expect(COMMAND_TOPIC_PREFIX).toBe('lethe.erasure.commands.');
  });

  it('gives each service its own command topic', () => {
    expect(commandTopic('accounts')).toBe('lethe.erasure.commands.accounts');
    expect(commandTopic('s3-avatars2')).toBe('lethe.erasure.commands.s3-avatars2');
  });

  it('appends .dlq for dead letters', () => {
    expect(deadLetterTopic(commandTopic('orders'))).toBe('lethe.erasure.commands.orders.dlq');
    expect(deadLetterTopic(RESULTS_TOPIC)).toBe('lethe.erasure.results.dlq');
  });

  it.each(['a', 'accounts', 'order-history', 'svc9', `a${'b'.repeat(62)}`])(
    'accepts service name %s',
    (name) => {
      expect(isValidServiceName(name)).toBe(true);
    },
  );

  it.each([
    ['empty', ''],
    ['upper case', 'Accounts'],
    ['leading digit', '9lives'],
    ['leading dash', '-x'],
    ['dot (would nest topic names)', 'a.b'],
    ['underscore', 'a_b'],
    ['space', 'a b'],
    ['64 characters', `a${'b'.repeat(63)}`],
    ['trailing newline', 'accounts\n'],
  ])('rejects service name: %s', (_label, name) => {
    expect(isValidServiceName(name)).toBe(false);
    expect(() => commandTopic(name)).toThrow(RangeError);
  });
});
