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
