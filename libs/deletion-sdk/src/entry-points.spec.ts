import * as everything from './index';

describe('entry points', () => {
  it('exports the names services rely on from the package root', () => {
    for (const name of [
      'DeletionSdkModule',
      'OnErasure',
      'InjectDeletionClient',
      'deleted',
      'notFound',
      'retained',
      'permanent',
      'ErasureHandlerError',
      'DeletionClient',
      'createErasureHarness',
      'createNestErasureHarness',
      'encodeMessage',
      'decodeMessage',
      'parseErasureCommand',
      'commandTopic',
      'deriveServiceSecret',
      'SDK_VERSION',
    ]) {
      expect(everything).toHaveProperty(name);
    }
  });

  it('keeps NestJS out of the plain Node entry', () => {
    jest.isolateModules(() => {
      jest.doMock('@nestjs/common', () => {
        throw new Error('@nestjs/common was loaded');
      });
      jest.doMock('@nestjs/core', () => {
        throw new Error('@nestjs/core was loaded');
      });
      // require, not import: the modules must load inside isolateModules, after the mocks are in place.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const node = require('./node') as typeof import('./node');
      expect(typeof node.DeletionClient).toBe('function');
      expect(typeof node.createErasureHarness).toBe('function');
      expect(() => require('./nest')).toThrow('was loaded');
      /* eslint-enable @typescript-eslint/no-require-imports */
    });
  });
});
