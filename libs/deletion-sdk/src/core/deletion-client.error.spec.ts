import { DeletionClientError, DeletionClientErrorCode } from './deletion-client.error';

describe(DeletionClientError.name, () => {
  it('carries its code and cause', () => {
    const cause = new Error('root');
    const error = new DeletionClientError(DeletionClientErrorCode.NoHandlers, 'none', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'DeletionClientError', code: 'NO_HANDLERS', message: 'none', cause });
  });

  it.each(Object.values(DeletionClientErrorCode))('says whether retrying can help for %s', (code) => {
    const expected = code === DeletionClientErrorCode.TopicSetupFailed;
    expect(new DeletionClientError(code, 'x').retriable).toBe(expected);
  });
});
