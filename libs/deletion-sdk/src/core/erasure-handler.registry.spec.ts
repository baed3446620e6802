import { DeletionClientErrorCode } from './deletion-client.error';
import { ErasureHandlerRegistry } from './erasure-handler.registry';
import { notFound } from './handler-outcome';

describe(ErasureHandlerRegistry.name, () => {
  const handler = () => notFound();

  it('keeps handlers in registration order', () => {
    const registry = new ErasureHandlerRegistry();
    registry.register('postgres', handler);
    registry.register('redis', handler);
    expect(registry.names()).toEqual(['postgres', 'redis']);
    expect(registry.size).toBe(2);
  });

  it('rejects a second handler under the same name', () => {
    const registry = new ErasureHandlerRegistry();
    registry.register('postgres', handler);
    expect(() => registry.register('postgres', handler)).toThrow(
      expect.objectContaining({ code: DeletionClientErrorCode.DuplicateHandler }),
    );
  });

  it.each(['', ' pg', 'p g', 'x'.repeat(101), '-pg'])('rejects the name %p', (name) => {
    expect(() => new ErasureHandlerRegistry().register(name, handler)).toThrow(
      expect.objectContaining({ code: DeletionClientErrorCode.InvalidOptions }),
    );
  });

  it.each(['pg', 'AccountsEraser.erase', 's3:avatars', 'db/users', 'redis-cache_1'])(
    'accepts the name %p',
    (name) => {
      expect(() => new ErasureHandlerRegistry().register(name, handler)).not.toThrow();
    },
  );

  it('rejects a handler that is not a function', () => {
    expect(() => new ErasureHandlerRegistry().register('pg', 'nope' as never)).toThrow('is not a function');
  });

  it('hands out snapshots that later registrations do not change', () => {
    const registry = new ErasureHandlerRegistry();
    registry.register('a', handler);
    const snapshot = registry.snapshot();
    registry.register('b', handler);
    expect([...snapshot.keys()]).toEqual(['a']);
  });
});
