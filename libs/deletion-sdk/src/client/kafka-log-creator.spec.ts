import { logLevel } from 'kafkajs';
import type { SdkLogger } from '../core/sdk-logger';
import { kafkaLogCreator } from './kafka-log-creator';

describe(kafkaLogCreator.name, () => {
  const logger: SdkLogger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const log = kafkaLogCreator(logger)(logLevel.INFO);
  const entry = (level: logLevel, message: string) => ({
    namespace: 'Consumer',
    level,
    label: 'x',
    log: { timestamp: 't', message, groupId: 'g' },
  });

  it.each([
    [logLevel.ERROR, 'error'],
    [logLevel.WARN, 'warn'],
    [logLevel.INFO, 'debug'],
    [logLevel.DEBUG, 'debug'],
  ] as const)('maps kafkajs level %p to %s, with its namespace and fields', (level, method) => {
    jest.clearAllMocks();
    log(entry(level, 'hello'));
    expect(logger[method]).toHaveBeenCalledWith('hello', { kafkajs: 'Consumer', groupId: 'g' });
  });

  it('drops NOTHING', () => {
    jest.clearAllMocks();
    log(entry(logLevel.NOTHING, 'x'));
    for (const method of ['debug', 'info', 'warn', 'error'] as const)
      expect(logger[method]).not.toHaveBeenCalled();
  });
});

describe(`${kafkaLogCreator.name} with retried broker errors`, () => {
  it('logs a broker error that kafkajs retries at debug, not error', () => {
    const logger: SdkLogger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
    kafkaLogCreator(logger)(logLevel.INFO)({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: {
        timestamp: 't',
        message: 'Response InitProducerId(key: 22, version: 1)',
        error: "The coordinator is loading and hence can't process requests for this group",
      },
    });
    expect(logger.error).not.toHaveBeenCalled();
    expect(logger.debug).toHaveBeenCalledWith('Response InitProducerId(key: 22, version: 1)', {
      kafkajs: 'Connection',
      error: "The coordinator is loading and hence can't process requests for this group",
    });
  });
});
