import { EnvReader } from '@lethe/config';
import { generateKeyPairSync } from 'node:crypto';
import { loadOpenDsrSettings } from './opendsr-config';

function problemsOf(env: Record<string, string>): string[] {
  const read = new EnvReader(env);
  loadOpenDsrSettings(read);
  try {
    read.assertValid('test');
    return [];
  } catch (error) {
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^\s*-\s*/, ''));
  }
}

describe(loadOpenDsrSettings.name, () => {
  it('defaults to OpenDSR off, public callback hosts only, a 1 s poll and 12 attempts', () => {
    const settings = loadOpenDsrSettings(new EnvReader({}));
    expect(settings).toMatchObject({
      privateKeyPem: null,
      certificatePem: null,
      processorDomain: 'localhost',
      controllerId: 'lethe',
      publicUrl: null,
      callbackAllowlist: [],
      pollIntervalMs: 1000,
      callbackMaxAttempts: 12,
    });
  });

  it('reads an allow-list of host patterns, lower-cased, and refuses what is not one', () => {
    expect(
      loadOpenDsrSettings(new EnvReader({ LETHE_OPENDSR_CALLBACK_ALLOWLIST: '127.0.0.1, *.Acme.example' }))
        .callbackAllowlist,
    ).toEqual(['127.0.0.1', '*.acme.example']);
    expect(problemsOf({ LETHE_OPENDSR_CALLBACK_ALLOWLIST: 'https://x.example/cb' })).toEqual([
      expect.stringContaining('LETHE_OPENDSR_CALLBACK_ALLOWLIST: https://x.example/cb is not a host pattern'),
    ]);
  });

  it('needs the key and the certificate together', () => {
    expect(problemsOf({ LETHE_OPENDSR_PRIVATE_KEY: 'x' })).toEqual([
      expect.stringContaining('must be set together'),
    ]);
  });

  it('refuses a key that is not PEM without quoting it, and a non-RSA key', () => {
    const problems = problemsOf({
      LETHE_OPENDSR_PRIVATE_KEY: 'secret-bytes',
      LETHE_OPENDSR_CERTIFICATE: 'c',
    });
    expect(problems).toEqual([expect.stringContaining('is not valid PEM')]);
    expect(problems.join()).not.toContain('secret-bytes');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(
      problemsOf({
        LETHE_OPENDSR_PRIVATE_KEY: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        LETHE_OPENDSR_CERTIFICATE: 'c',
      }),
    ).toEqual([expect.stringContaining('must be an RSA key')]);
  });
});
