import { TargetErrorCode } from './targets.exception';
import { httpStatusOf } from './targets.exception.filter';

describe('TargetExceptionFilter', () => {
  it.each(Object.values(TargetErrorCode))('maps %s to a 4xx or 502, never 500', (code) => {
    const status = httpStatusOf(code);
    expect(status === 502 || (status >= 400 && status < 500)).toBe(true);
  });

  it('refuses a URL outside the allow-list with 400, a forged callback with 401, a replay with 409', () => {
    expect(httpStatusOf(TargetErrorCode.UrlNotAllowed)).toBe(400);
    expect(httpStatusOf(TargetErrorCode.BadSignature)).toBe(401);
    expect(httpStatusOf(TargetErrorCode.Replayed)).toBe(409);
  });
});
