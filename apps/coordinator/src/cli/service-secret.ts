import { EnvReader } from '@lethe/config';
import { isValidServiceName } from '@lethe/deletion-sdk/protocol';
import { KeyRing } from '../crypto/key-ring';

/**
 * `npm run service-secret -- <service>`: prints the signing secret a service deploys with. It is derived from the
 * coordinator's LETHE_SECRET_KEY, so run it where that secret is available and hand the output to the service.
 */
function main(argv: string[]): void {
  const service = argv[0];
  if (!service || !isValidServiceName(service)) {
    process.stderr.write('usage: npm run service-secret -- <service-name>\n');
    process.exit(2);
  }
  const read = new EnvReader(process.env);
  const secretKey = read.secret('LETHE_SECRET_KEY', 32);
  const keyId = read.string('LETHE_SIGNING_KEY_ID', 'k1');
  read.assertValid('service-secret');
  process.stdout.write(`${new KeyRing(secretKey, keyId).serviceSecret(service)}\n`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
