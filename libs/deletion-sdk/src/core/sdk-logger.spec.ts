import { bindLogger, createStderrLogger, SdkLogger, silentLogger } from './sdk-logger';

describe('sdk logger', () => {
  let written: string[];
  let spy: jest.SpyInstance;

  beforeEach(() => {
    written = [];
    spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => spy.mockRestore());

  it('writes warnings and errors as JSON lines, dropping chattier levels by default', () => {
    const logger = createStderrLogger();
    logger.debug('d');
    logger.info('i');
    logger.warn('w', { topic: 't' });
    logger.error('e', { error: new Error('boom') });
    expect(written).toHaveLength(2);
    expect(JSON.parse(written[0])).toMatchObject({
      level: 'warn',
      message: 'w',
      topic: 't',
      logger: 'lethe-sdk',
    });
    expect(JSON.parse(written[1])).toMatchObject({
      level: 'error',
      error: { name: 'Error', message: 'boom' },
    });
    expect(written.every((line) => line.endsWith('\n'))).toBe(true);
  });

  it('honours a lower threshold', () => {
    createStderrLogger('debug').debug('d');
    expect(written).toHaveLength(1);
  });

  it('survives fields that cannot be serialised', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    createStderrLogger().error('x', { circular });
    expect(JSON.parse(written[0])).toMatchObject({ message: 'unserialisable log line' });
  });

  it('binds fields, letting per-call fields win', () => {
    const target: SdkLogger = { ...silentLogger, info: jest.fn() };
    bindLogger(target, { requestId: 'r', handler: 'a' }).info('m', { handler: 'b' });
    expect(target.info).toHaveBeenCalledWith('m', { requestId: 'r', handler: 'b' });
  });
});
