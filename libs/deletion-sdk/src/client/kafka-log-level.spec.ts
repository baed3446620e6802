import { logLevel } from 'kafkajs';
import { kafkaLogLevel } from './kafka-log-level';

describe(kafkaLogLevel.name, () => {
  const response = (
    error: string,
    namespace = 'Connection',
    message = 'Response Metadata(key: 3, version: 6)',
  ) => ({
    namespace,
    level: logLevel.ERROR,
    log: { timestamp: 't', message, error, broker: '127.0.0.1:19092' },
  });

  it.each([
    'This server does not host this topic-partition',
    "The coordinator is loading and hence can't process requests for this group",
    'There is no leader for this topic-partition as we are in the middle of a leadership election',
    'The group coordinator is not available',
  ])('puts the retried broker response "%s" at debug', (error) => {
    expect(kafkaLogLevel(response(error))).toBe(logLevel.DEBUG);
  });

  it('keeps a broker response that kafkajs does not retry at ERROR', () => {
    expect(kafkaLogLevel(response('Not authorized to access topics: [Topic authorization failed]'))).toBe(
      logLevel.ERROR,
    );
    expect(kafkaLogLevel(response('The request parameters do not satisfy the configured policy'))).toBe(
      logLevel.ERROR,
    );
  });

  it('keeps errors of other namespaces and messages at ERROR, even with a retriable text', () => {
    const text = 'This server does not host this topic-partition';
    expect(kafkaLogLevel(response(text, 'Consumer'))).toBe(logLevel.ERROR);
    expect(kafkaLogLevel(response(text, 'Connection', 'Connection error'))).toBe(logLevel.ERROR);
  });

  it('leaves every other level as it is', () => {
    for (const level of [logLevel.WARN, logLevel.INFO, logLevel.DEBUG, logLevel.NOTHING]) {
      expect(kafkaLogLevel({ ...response('This server does not host this topic-partition'), level })).toBe(
        level,
      );
    }
  });
});
