import { EnvReader } from '@lethe/config';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { progressBar } from '../bulk/bulk-progress';
import { BULK_USAGE, BulkSubmitArgs, parseBulkSubmitArgs } from './bulk-cli-args';

interface JobView {
  id: string;
  status: string;
  lines: { read: number; accepted: number; rejected: number };
  requests: { created: number; duplicates: number; pending: number; completed: number };
  progress: { overall: number; finished: boolean };
  rejected: { items: { line: number; reason: string }[]; nextRejectedAfter: number | null };
  message?: string;
}

const POLL_MS = 1000;

/** `lethe bulk submit FILE`: streams the file to the coordinator, then draws the job's progress. */
export async function bulkSubmit(argv: string[]): Promise<number> {
  const read = new EnvReader(process.env);
  const env = {
    apiUrl: read.optionalUrl('LETHE_API_URL', ['http:', 'https:']),
    apiKey: read.optionalSecret('LETHE_API_KEY'),
  };
  read.assertValid('lethe');
  const args = parseBulkSubmitArgs(argv, env);
  if ('error' in args) {
    process.stderr.write(`${args.error}\n\n${BULK_USAGE}\n`);
    return 2;
  }
  const job = await submit(args);
  process.stdout.write(
    `bulk job ${job.id}: ${job.lines.read} lines read, ${job.lines.accepted} accepted, ${job.lines.rejected} rejected\n`,
  );
  for (const { line, reason } of job.rejected.items) process.stdout.write(`  line ${line}: ${reason}\n`);
  if (job.rejected.nextRejectedAfter !== null) {
    process.stdout.write(`  … more in GET /v1/erasure-requests/bulk/${job.id}?rejectedAfter=…\n`);
  }
  if (!args.wait) return 0;
  return follow(args, job.id);
}

async function submit(args: BulkSubmitArgs): Promise<JobView> {
  const query = `regulation=${args.regulation}${args.dryRun ? '&dryRun=true' : ''}`;
  const response = await fetch(`${args.api}/v1/erasure-requests/bulk?${query}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${args.key}`,
      'content-type': args.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
    },
    // streamed: the file is never read into memory here either
    body: Readable.toWeb(createReadStream(args.file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const body = (await response.json()) as JobView;
  if (response.status !== 202)
    throw new Error(`the coordinator refused the upload (${response.status}): ${body.message}`);
  return body;
}

async function follow(args: BulkSubmitArgs, id: string): Promise<number> {
  const tty = process.stdout.isTTY;
  for (;;) {
    const response = await fetch(`${args.api}/v1/erasure-requests/bulk/${id}?rejectedLimit=0`, {
      headers: { authorization: `Bearer ${args.key}` },
    });
    if (!response.ok) throw new Error(`reading the job failed (${response.status})`);
    const job = (await response.json()) as JobView;
    const { created, duplicates, completed } = job.requests;
    const line = `${progressBar(job.progress.overall)}  ${job.status}: ${created} created, ${duplicates} duplicates, ${completed} completed`;
    process.stdout.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
    if (job.progress.finished) {
      if (tty) process.stdout.write('\n');
      return job.status === 'aborted' ? 1 : 0;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
