import { EnvReader } from '@lethe/config';
import { KeyRing } from '../crypto/key-ring';

/**
 * `npm run command-public-key`: prints the coordinator's command-verification public keys — the current key id
 * and every id in LETHE_PREVIOUS_SIGNING_KEY_IDS — as `<id>:<base64>` joined by commas, the value services take
 * as LETHE_COMMAND_PUBLIC_KEYS. `-- --pem` prints each key as PEM instead. The output is public; the input is the
 * root secret, so run it where LETHE_SECRET_KEY is available.
 */
function main(argv: string[]): void {
  const pem = argv.includes('--pem');
  if (argv.some((arg) => arg !== '--pem')) {
    process.stderr.write('usage: npm run command-public-key [-- --pem]\n');
    process.exit(2);
  }
  const read = new EnvReader(process.env);
  const secretKey = read.secret('LETHE_SECRET_KEY', 32);
  const keyId = read.string('LETHE_SIGNING_KEY_ID', 'k1');
  const previous = read.optionalList('LETHE_PREVIOUS_SIGNING_KEY_IDS');
  read.assertValid('command-public-key');
  const keys = new KeyRing(secretKey, keyId, previous).commandPublicKeys();
  process.stdout.write(
    pem
      ? keys.map((key) => `# ${key.id}${key.current ? ' (current)' : ''}\n${key.pem}`).join('')
      : `${keys.map((key) => `${key.id}:${key.raw}`).join(',')}\n`,
  );
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
