import { ErasureHandlerError, ErasureHandlerErrorCode, messageOf, permanent } from './erasure-handler.error';

describe(ErasureHandlerError.name, () => {
  it('is retriable with a generic code unless told otherwise', () => {
    const error = new ErasureHandlerError('db timeout');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ErasureHandlerError');
    expect(error.code).toBe(ErasureHandlerErrorCode.HandlerFailed);
    expect(error.retriable).toBe(true);
    expect(error.cause).toBeUndefined();
  });

  it('keeps a custom code, retriability and cause', () => {
    const cause = new Error('root');
    const error = new ErasureHandlerError('legal hold', { code: 'LEGAL_HOLD', retriable: false, cause });
    expect(error).toMatchObject({ code: 'LEGAL_HOLD', retriable: false, cause });
  });

  describe(permanent.name, () => {
    it('wraps an error as non-retriable, keeping its message and cause', () => {
      const cause = new Error('foreign key violation');
      const error = permanent(cause);
      expect(error).toBeInstanceOf(ErasureHandlerError);
      expect(error).toMatchObject({
        message: 'foreign key violation',
        retriable: false,
        code: ErasureHandlerErrorCode.HandlerFailed,
        cause,
      });
    });

    it('uses the given code, else the code of a wrapped ErasureHandlerError', () => {
      expect(permanent(new Error('x'), 'FK').code).toBe('FK');
      expect(permanent(new ErasureHandlerError('x', { code: 'QUOTA' })).code).toBe('QUOTA');
      expect(permanent(new ErasureHandlerError('x', { code: 'QUOTA' }), 'OTHER').code).toBe('OTHER');
    });

    it('accepts a bare message', () => {
      expect(permanent('subject is a minor under a court order')).toMatchObject({
        message: 'subject is a minor under a court order',
        retriable: false,
      });
    });
  });

  describe(messageOf.name, () => {
    it('describes whatever was thrown', () => {
      expect(messageOf(new TypeError('bad'))).toBe('bad');
      expect(messageOf(new Error(''))).toBe('Error');
      expect(messageOf('text')).toBe('text');
      expect(messageOf({ status: 503 })).toBe('{"status":503}');
      expect(messageOf(undefined)).toBe('undefined');
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      expect(messageOf(circular)).toBe('[object Object]');
    });
  });
});
