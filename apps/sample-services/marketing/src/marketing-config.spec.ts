import { ConfigError } from '@lethe/config';
import { loadMarketingConfig } from './marketing-config';

const SECRET = 's'.repeat(32);
/** 32 zero bytes in base64: a well-formed Ed25519 public key. */
const PUBLIC_KEYS = `k1:${'A'.repeat(43)}=`;

describe(loadMarketingConfig.name, () => {
  it('defaults to its own database and no faults', () => {
    expect(
      loadMarketingConfig({ LETHE_SIGNING_SECRET: SECRET, LETHE_COMMAND_PUBLIC_KEYS: PUBLIC_KEYS }),
    ).toMatchObject({
      service: 'marketing',
      port: 3104,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/lethe_marketing',
      failNext: 0,
      failRetriable: true,
      latencyMs: 0,
    });
  });

  it('reads the faults to start with', () => {
    expect(
      loadMarketingConfig({
        LETHE_SIGNING_SECRET: SECRET,
        LETHE_COMMAND_PUBLIC_KEYS: PUBLIC_KEYS,
        MARKETING_FAIL_NEXT: '2',
        MARKETING_FAIL_RETRIABLE: 'false',
        MARKETING_LATENCY_MS: '1500',
      }),
    ).toMatchObject({ failNext: 2, failRetriable: false, latencyMs: 1500 });
  });

  it('names every bad variable, shared and its own, in one error', () => {
    const load = () =>
      loadMarketingConfig({
        MARKETING_FAIL_NEXT: '-1',
        MARKETING_LATENCY_MS: 'slow',
        DATABASE_URL: 'mysql://x',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/LETHE_SIGNING_SECRET is required/);
    expect(load).toThrow(/MARKETING_FAIL_NEXT must be an integer between 0 and 1000/);
    expect(load).toThrow(/MARKETING_LATENCY_MS must be an integer/);
    expect(load).toThrow(/DATABASE_URL must use postgres: or postgresql:/);
  });
});
