import { readFileSync } from 'node:fs';
import { EnvReader } from '@lethe/config';
import { ReceiptVerificationKey, verifyDeletionReceipt } from '@lethe/deletion-sdk/protocol';
import { KeyRing } from '../crypto/key-ring';
import { fetchPublishedKeys, parsePublicKeyOption } from './receipt-keys';

export const RECEIPT_USAGE = `  lethe receipt verify FILE (--public-key KEY | --url URL)
      checks a deletion receipt offline with KEY (a PEM file, PEM text, base64, or id:base64,...), or with the
      keys the coordinator at URL publishes; exit 0 when it verifies, 1 when it does not
  lethe receipt public-key [--pem]
      prints the receipt-signing public keys (needs LETHE_SECRET_KEY; public output)
`;

export class UsageError extends Error {}

/** `--name value` options after the positional arguments; an unknown or repeated option is a usage error. */
function options(args: string[], allowed: string[], flags: string[] = []): Map<string, string> {
  const found = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const name = args[i];
    if (flags.includes(name)) {
      found.set(name, 'true');
      continue;
    }
    const value = args[i + 1];
    if (!allowed.includes(name) || found.has(name) || value === undefined)
      throw new UsageError(`bad option ${name}`);
    found.set(name, value);
    i += 1;
  }
  return found;
}

async function verifyReceiptFile(args: string[]): Promise<number> {
  const [file, ...rest] = args;
  if (!file || file.startsWith('--')) throw new UsageError('FILE is missing');
  const opts = options(rest, ['--public-key', '--url']);
  const keyOption = opts.get('--public-key');
  const url = opts.get('--url');
  if ((keyOption === undefined) === (url === undefined)) throw new UsageError('give --public-key or --url');
  const keys: ReceiptVerificationKey[] = keyOption
    ? parsePublicKeyOption(keyOption)
    : await fetchPublishedKeys(url!);
  let receipt: unknown;
  try {
    receipt = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`INVALID: ${file} is not a readable JSON file (${(error as Error).message})\n`);
    return 1;
  }
  const verdict = verifyDeletionReceipt(receipt, keys);
  if (!verdict.valid) {
    process.stderr.write(`INVALID: ${file}: ${verdict.reason}\n`);
    return 1;
  }
  // valid, so the shape is the signed one
  const { request, auditChain, issuedAt } = receipt as {
    request: { id: string; status: string; regulation: string };
    auditChain: { stream: string; seq: number; hash: string };
    issuedAt: string;
  };
  process.stdout.write(
    `VALID: deletion receipt for request ${request.id} (${request.regulation}, ${request.status}), ` +
      `issued ${issuedAt}, signed with receipt key ${verdict.keyId}; ` +
      `audit chain ${auditChain.stream} at seq ${auditChain.seq}, hash ${auditChain.hash}\n`,
  );
  return 0;
}

function printPublicKeys(args: string[]): number {
  const pem = options(args, [], ['--pem']).has('--pem');
  const read = new EnvReader(process.env);
  const secretKey = read.secret('LETHE_SECRET_KEY', 32);
  const keyId = read.string('LETHE_SIGNING_KEY_ID', 'k1');
  const previous = read.optionalList('LETHE_PREVIOUS_SIGNING_KEY_IDS');
  read.assertValid('lethe receipt public-key');
  const keys = new KeyRing(secretKey, keyId, previous).receiptPublicKeys();
  process.stdout.write(
    pem
      ? keys.map((key) => `# ${key.id}${key.current ? ' (current)' : ''}\n${key.pem}`).join('')
      : `${keys.map((key) => `${key.id}:${key.raw}`).join(',')}\n`,
  );
  return 0;
}

/** `lethe receipt verify …` and `lethe receipt public-key …`. */
export async function receiptCommand(command: string | undefined, args: string[]): Promise<number> {
  if (command === 'verify') return verifyReceiptFile(args);
  if (command === 'public-key') return printPublicKeys(args);
  throw new UsageError(`unknown command receipt ${command ?? ''}`.trim());
}
