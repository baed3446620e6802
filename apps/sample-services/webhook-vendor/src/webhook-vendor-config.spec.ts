import { ConfigError } from '@lethe/config';
import { loadWebhookVendorConfig } from './webhook-vendor-config';

describe(loadWebhookVendorConfig.name, () => {
  it('needs only the shared secret, and defaults the rest', () => {
    expect(loadWebhookVendorConfig({ WEBHOOK_VENDOR_SECRET: 'whsec_0123456789abcdef' })).toEqual({
      port: 3105,
      secret: 'whsec_0123456789abcdef',
      completionDelayMs: 3000,
      signatureWindowMs: 300_000,
    });
  });

  it('names every bad variable in one error', () => {
    const load = () =>
      loadWebhookVendorConfig({ WEBHOOK_VENDOR_SECRET: 'short', WEBHOOK_VENDOR_COMPLETION_DELAY_MS: 'soon' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/WEBHOOK_VENDOR_SECRET/);
    expect(load).toThrow(/WEBHOOK_VENDOR_COMPLETION_DELAY_MS must be an integer/);
  });
});
