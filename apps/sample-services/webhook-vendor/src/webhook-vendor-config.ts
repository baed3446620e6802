import { EnvReader } from '@lethe/config';

/** The sample webhook vendor's settings (it is outside the estate: no Kafka, no SDK, only HTTP). */
export interface WebhookVendorConfig {
  port: number;
  /** The secret shared with Lethe when the vendor was registered as a target (`WEBHOOK_VENDOR_SECRET`). */
  secret: string;
  /** How long an erasure takes before the vendor reports it (`WEBHOOK_VENDOR_COMPLETION_DELAY_MS`). */
  completionDelayMs: number;
  /** Accepted clock difference of a signed command or status poll (`WEBHOOK_VENDOR_SIGNATURE_WINDOW_MS`). */
  signatureWindowMs: number;
}

export function loadWebhookVendorConfig(
  env: Record<string, string | undefined> = process.env,
): WebhookVendorConfig {
  const read = new EnvReader(env);
  const config: WebhookVendorConfig = {
    port: read.int('PORT', 3105, { min: 0, max: 65535 }),
    secret: read.secret('WEBHOOK_VENDOR_SECRET', 16),
    completionDelayMs: read.int('WEBHOOK_VENDOR_COMPLETION_DELAY_MS', 3000, { max: 600_000 }),
    signatureWindowMs: read.int('WEBHOOK_VENDOR_SIGNATURE_WINDOW_MS', 300_000, { min: 1000 }),
  };
  read.assertValid('webhook-vendor');
  return config;
}
