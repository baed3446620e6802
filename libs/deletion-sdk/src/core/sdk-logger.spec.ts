import {
  bindLogger,
  createStderrLogger,
  isLevelEnabled,
  redactingLogger,
  SdkLogger,
  silentLogger,
} from './sdk-logger';

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

  describe(redactingLogger.name, () => {
    it('masks the message and every field value, nested included, at every level', () => {
      const target: SdkLogger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
      const logger = redactingLogger(target, ['u-42']);
      logger.error('no row for ada@example.org', {
        user: 'u-42',
        nested: { phones: ['+44 20 7946 0958'], error: new Error('call 415-555-2671') },
        attempt: 3,
      });
      logger.debug('d u-42');
      logger.info('i u-42');
      logger.warn('w u-42');
      expect(target.error).toHaveBeenCalledWith('no row for [redacted-email]', {
        user: '[redacted]',
        nested: { phones: ['[redacted-phone]'], error: { name: 'Error', message: 'call [redacted-phone]' } },
        attempt: 3,
      });
      expect(target.debug).toHaveBeenCalledWith('d [redacted]');
      expect(target.info).toHaveBeenCalledWith('i [redacted]');
      expect(target.warn).toHaveBeenCalledWith('w [redacted]');
    });

    it('adds known values when wrapped again, without masking twice', () => {
      const info = jest.fn();
      const base = redactingLogger({ ...silentLogger, info }, ['u-1']);
      redactingLogger(base, ['u-2']).info('u-1 u-2 a@example.org');
      expect(info).toHaveBeenCalledTimes(1);
      expect(info).toHaveBeenCalledWith('[redacted] [redacted] [redacted-email]');
      base.info('u-2');
      expect(info).toHaveBeenLastCalledWith('u-2');
    });

    it('keeps the stderr logger safe: a masked line has no raw address', () => {
      redactingLogger(createStderrLogger()).warn('bounce from ada@example.org', { to: 'ada@example.org' });
      expect(written.join('')).not.toContain('ada@example.org');
      expect(JSON.parse(written[0])).toMatchObject({ message: 'bounce from [redacted-email]' });
    });
  });

  describe('levels a logger drops', () => {
    const warnOnly = (): SdkLogger & Record<'debug' | 'info' | 'warn', jest.Mock> => ({
      debug: jest.fn(),
      info: jest.fn(),
      warn: jest.fn(),
      error: jest.fn(),
      isLevelEnabled: (level) => level === 'warn' || level === 'error',
    });

    it('the stderr logger reports its threshold', () => {
      const logger = createStderrLogger('info');
      expect(['debug', 'info', 'warn', 'error'].map((l) => isLevelEnabled(logger, l as 'info'))).toEqual([
        false,
        true,
        true,
        true,
      ]);
    });

    it('a logger without isLevelEnabled counts every level as on', () => {
      expect(isLevelEnabled(silentLogger, 'debug')).toBe(true);
      const info = jest.fn();
      redactingLogger({ ...silentLogger, info }).info('kept');
      expect(info).toHaveBeenCalledWith('kept');
    });

    it('a redacting logger neither masks nor forwards a dropped line, and still masks the others', () => {
      const target = warnOnly();
      // masking reads every field: a getter tells whether the dropped line was looked at at all
      let read = 0;
      const fields = {
        get user() {
          read += 1;
          return 'u-42';
        },
      };
      const logger = bindLogger(redactingLogger(target, ['u-42']), { requestId: 'r' });
      logger.info('processed u-42', fields);
      logger.debug('detail', fields);
      expect(read).toBe(0);
      expect(target.info).not.toHaveBeenCalled();
      expect(target.debug).not.toHaveBeenCalled();
      logger.warn('failed for u-42', fields);
      expect(read).toBeGreaterThan(0);
      expect(target.warn).toHaveBeenCalledWith('failed for [redacted]', {
        requestId: 'r',
        user: '[redacted]',
      });
      expect(isLevelEnabled(logger, 'info')).toBe(false);
      expect(isLevelEnabled(logger, 'error')).toBe(true);
    });
  });
});
