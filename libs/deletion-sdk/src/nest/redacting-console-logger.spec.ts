import { Logger } from '@nestjs/common';
import { RedactingConsoleLogger } from './redacting-console-logger';
import { nestSdkLogger } from './nest-sdk-logger';

describe(RedactingConsoleLogger.name, () => {
  let written: string[];
  let spies: jest.SpyInstance[];

  beforeEach(() => {
    written = [];
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation(capture),
      jest.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
  });
  afterEach(() => {
    spies.forEach((spy) => spy.mockRestore());
    Logger.overrideLogger(false);
  });

  const logger = () =>
    new RedactingConsoleLogger({
      logLevels: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
      colors: false,
    });

  it('masks messages and parameters at every level', () => {
    const target = logger();
    target.log('sent to ada@example.org', 'Mailer');
    target.warn('call +44 20 7946 0958', 'Phone');
    target.debug({ to: ['bob@example.net'] }, 'Obj');
    target.verbose('415-555-2671');
    target.fatal('fatal for c@example.com');
    target.error('failed for d@example.com', 'stack at e@example.com', 'Ctx');
    const out = written.join('');
    for (const raw of ['ada@', '7946', 'bob@', '555-2671', 'c@example', 'd@example', 'e@example']) {
      expect(out).not.toContain(raw);
    }
    expect(out).toContain('sent to [redacted-email]');
    expect(out).toContain('[Mailer]');
    expect(out).toContain('[redacted-phone]');
  });

  it('masks an error passed as the message, stack included, and still prints it as an error', () => {
    const error = new Error('no row for ada@example.org');
    logger().error(error);
    const out = written.join('');
    expect(out).toContain('no row for [redacted-email]');
    expect(out).not.toContain('ada@example.org');
  });

  it("becomes every Logger's output when installed, the SDK's Nest adapter included", () => {
    Logger.overrideLogger(logger());
    new Logger('App').log('user ada@example.org signed up');
    nestSdkLogger('Sdk').warn('handler failed', { error: 'no row for +447946095800' });
    const out = written.join('');
    expect(out).toContain('user [redacted-email] signed up');
    expect(out).toContain('[redacted-phone]');
    expect(out).not.toContain('ada@example.org');
    expect(out).not.toContain('+447946095800');
  });
});
