import { ConfigError } from '@lethe/config';
import { WebhookVendor } from './webhook-vendor';
import { loadWebhookVendorConfig } from './webhook-vendor-config';

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} webhook-vendor ${line}\n`);

/** The sample webhook vendor: a plain Node HTTP server, as a SaaS outside the estate would be. */
async function main(): Promise<void> {
  const vendor = new WebhookVendor(loadWebhookVendorConfig(), log);
  log(`listening on ${await vendor.listen()}`);
  const stop = () => void vendor.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
