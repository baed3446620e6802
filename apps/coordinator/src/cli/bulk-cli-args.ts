import { REGULATIONS, Regulation } from '../deadlines/deadline-policy';

export interface BulkSubmitArgs {
  file: string;
  api: string;
  key: string;
  regulation: Regulation;
  dryRun: boolean;
  format: 'ndjson' | 'csv';
  wait: boolean;
}

export const BULK_USAGE = `usage: lethe bulk submit FILE [--regulation gdpr|ccpa] [--dry-run] [--format ndjson|csv]
                         [--api URL] [--key KEY] [--no-wait]

Streams FILE (NDJSON, or CSV with a header row) to POST /v1/erasure-requests/bulk, then shows the job's
progress until every request is completed. --api defaults to LETHE_API_URL or http://127.0.0.1:3000,
--key to LETHE_API_KEY (an operator or admin key), --regulation to gdpr, --format to the file's extension.`;

/** Parses `bulk submit …`; returns the arguments or the problem to print with the usage. */
export function parseBulkSubmitArgs(
  argv: string[],
  env: { apiUrl: string | null; apiKey: string | null },
): BulkSubmitArgs | { error: string } {
  const [group, command, ...rest] = argv;
  if (group !== 'bulk' || command !== 'submit') return { error: 'unknown command' };
  let file: string | undefined;
  const options: Record<string, string | boolean> = {};
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    if (arg === '--dry-run' || arg === '--no-wait') options[arg.slice(2)] = true;
    else if (['--api', '--key', '--regulation', '--format'].includes(arg)) {
      const value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) return { error: `${arg} needs a value` };
      options[arg.slice(2)] = value;
      i += 1;
    } else if (arg.startsWith('--')) return { error: `unknown option ${arg}` };
    else if (file === undefined) file = arg;
    else return { error: 'only one FILE can be submitted at a time' };
  }
  if (!file) return { error: 'FILE is missing' };
  const regulation = (options.regulation as string | undefined) ?? 'gdpr';
  if (!(REGULATIONS as readonly string[]).includes(regulation)) {
    return { error: `--regulation must be one of: ${REGULATIONS.join(', ')}` };
  }
  const format = (options.format as string | undefined) ?? (/\.csv$/i.test(file) ? 'csv' : 'ndjson');
  if (format !== 'csv' && format !== 'ndjson') return { error: '--format must be ndjson or csv' };
  const key = (options.key as string | undefined) ?? env.apiKey;
  if (!key) return { error: 'an API key is needed: --key or LETHE_API_KEY' };
  const api = ((options.api as string | undefined) ?? env.apiUrl ?? 'http://127.0.0.1:3000').replace(
    /\/+$/,
    '',
  );
  if (!/^https?:\/\/[^/]/.test(api)) return { error: '--api must be an http(s) URL' };
  return {
    file,
    api,
    key,
    regulation: regulation as Regulation,
    dryRun: options['dry-run'] === true,
    format,
    wait: options['no-wait'] !== true,
  };
}
