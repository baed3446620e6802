import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SDK_VERSION } from './sdk-version';

describe('SDK_VERSION', () => {
  it("matches the package's version", () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
      version: string;
    };
    expect(SDK_VERSION).toBe(manifest.version);
  });
});
