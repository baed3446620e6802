import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { isSignedByLethe, vendorSignedHeaders } from './vendor-signature';
import { WebhookVendorConfig } from './webhook-vendor-config';

/** What Lethe POSTs (docs/targets.md "Commands"); only the fields this vendor uses. */
interface ErasureCommand {
  taskId: string;
  attempt: number;
  callbackUrl: string;
  emails: string[];
}

/** One erasure the vendor accepted, by task id (the same on every attempt, so a repeat is recognised). */
interface ErasureJob {
  reports: 'callback' | 'status';
  done: boolean;
  recordsAffected: number;
}

/** A callback the vendor sent, kept so the demo and the tests can show (and replay) exactly what went out. */
export interface SentCallback {
  url: string;
  body: string;
  headers: Record<string, string>;
  status: number | null;
}

const MAX_BODY_BYTES = 64 * 1024;
const CALLBACK_ATTEMPTS = 5;

/**
 * A CRM vendor outside the estate, reached by Lethe as a webhook target. It keeps contacts (by email) in memory,
 * accepts an erasure at once and erases a few seconds later, then reports it: by a signed callback
 * (`POST /erasures`), or at a status URL that Lethe polls (`POST /erasures/polled`). Every command and poll must
 * carry Lethe's signature; anything else is refused with 401. `POST /admin/pause {"paused":true}` holds erasures
 * (accepted, not yet done) until it is called with false.
 */
export class WebhookVendor {
  private readonly contacts = new Map<string, { email: string; name: string }>();
  private readonly jobs = new Map<string, ErasureJob>();
  private readonly sent: SentCallback[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Erasures due while paused, finished on resume (`POST /admin/pause`: to show, and test, a task waiting). */
  private held: (() => void)[] = [];
  private paused = false;
  private server?: Server;

  constructor(
    private readonly config: WebhookVendorConfig,
    private readonly log: (line: string) => void,
  ) {}

  async listen(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.route(request, response).catch((error: Error) => {
        this.log(`could not answer ${request.method} ${request.url}: ${error.message}`);
        if (!response.headersSent) reply(response, 500, { error: 'internal' });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.config.port, '0.0.0.0', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://vendor');
    const body = await readBody(request);
    if (body === undefined) return reply(response, 413, { error: 'body too large' });
    const route = `${request.method} ${url.pathname}`;
    if (route === 'GET /health') return reply(response, 200, { status: 'ok' });
    if (route === 'POST /contacts') return this.addContact(response, body);
    if (route === 'GET /contacts') {
      const email = normalise(url.searchParams.get('email') ?? '');
      return reply(response, 200, { items: this.contacts.has(email) ? [this.contacts.get(email)] : [] });
    }
    if (route === 'GET /admin/callbacks') return reply(response, 200, { items: this.sent });
    if (route === 'POST /admin/pause') return this.pause(response, body);
    if (route === 'POST /erasures' || route === 'POST /erasures/polled') {
      if (!this.signed(request, body)) return reply(response, 401, { error: 'not signed by Lethe' });
      return this.accept(request, response, body, route.endsWith('polled') ? 'status' : 'callback');
    }
    const status = /^GET \/erasures\/([\w-]+)\/status$/.exec(route);
    if (status) {
      if (!this.signed(request, body)) return reply(response, 401, { error: 'not signed by Lethe' });
      const job = this.jobs.get(status[1]);
      if (!job) return reply(response, 404, { error: 'no such erasure' });
      return reply(response, 200, job.done ? outcomeOf(job) : { status: 'accepted' });
    }
    reply(response, 404, { error: 'not found' });
  }

  private signed(request: IncomingMessage, body: string): boolean {
    return isSignedByLethe(this.config.secret, request.headers, body, this.config.signatureWindowMs);
  }

  private addContact(response: ServerResponse, body: string): void {
    const input = parse(body) as { email?: unknown; name?: unknown } | undefined;
    if (typeof input?.email !== 'string' || !input.email.includes('@') || typeof input.name !== 'string') {
      return reply(response, 400, { error: 'email and name are required' });
    }
    const email = normalise(input.email);
    const created = !this.contacts.has(email);
    this.contacts.set(email, { email, name: input.name });
    reply(response, created ? 201 : 200, this.contacts.get(email));
  }

  private pause(response: ServerResponse, body: string): void {
    const input = parse(body) as { paused?: unknown } | undefined;
    if (typeof input?.paused !== 'boolean')
      return reply(response, 400, { error: 'paused must be a boolean' });
    this.paused = input.paused;
    if (!this.paused) for (const finish of this.held.splice(0)) finish();
    reply(response, 200, { paused: this.paused, held: this.held.length });
  }

  private accept(
    request: IncomingMessage,
    response: ServerResponse,
    body: string,
    reports: ErasureJob['reports'],
  ): void {
    const command = commandOf(parse(body));
    if (!command) return reply(response, 400, { error: 'not an erasure command' });
    const known = this.jobs.get(command.taskId);
    // a repeat of a finished erasure is answered with its outcome; of one in hand, accepted again
    if (known?.done) return reply(response, 200, outcomeOf(known));
    const expectedCompletionAt = new Date(Date.now() + this.config.completionDelayMs).toISOString();
    const statusUrl = `http://${request.headers.host}/erasures/${command.taskId}/status`;
    reply(response, 200, {
      status: 'accepted',
      expectedCompletionAt,
      ...(reports === 'status' ? { statusUrl } : {}),
    });
    if (known) return;
    const job: ErasureJob = { reports, done: false, recordsAffected: 0 };
    this.jobs.set(command.taskId, job);
    this.log(`accepted the erasure of task ${command.taskId}; it reports by ${reports}`);
    const finish = () => {
      job.recordsAffected = command.emails.filter((email) => this.contacts.delete(email)).length;
      job.done = true;
      this.log(`erased task ${command.taskId}: ${job.recordsAffected} contact(s)`);
      if (reports === 'callback') void this.callBack(command, job, 1);
    };
    this.later(this.config.completionDelayMs, () => (this.paused ? this.held.push(finish) : finish()));
  }

  private async callBack(command: ErasureCommand, job: ErasureJob, attempt: number): Promise<void> {
    const body = JSON.stringify({
      id: `cb-${randomUUID()}`,
      taskId: command.taskId,
      attempt: command.attempt,
      ...outcomeOf(job),
    });
    const headers = { 'content-type': 'application/json', ...vendorSignedHeaders(this.config.secret, body) };
    const sent: SentCallback = { url: command.callbackUrl, body, headers, status: null };
    this.sent.push(sent);
    try {
      const answer = await fetch(command.callbackUrl, { method: 'POST', headers, body, redirect: 'manual' });
      sent.status = answer.status;
      this.log(`reported task ${command.taskId} to Lethe: HTTP ${answer.status}`);
      if (answer.status < 500) return;
    } catch {
      this.log(`could not reach Lethe for task ${command.taskId} (attempt ${attempt})`);
    }
    if (attempt < CALLBACK_ATTEMPTS)
      this.later(1000 * attempt, () => void this.callBack(command, job, attempt + 1));
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }
}

function commandOf(value: unknown): ErasureCommand | undefined {
  const command = value as {
    type?: unknown;
    taskId?: unknown;
    attempt?: unknown;
    callbackUrl?: unknown;
    subject?: { identities?: unknown };
  };
  if (command?.type !== 'erasure.command' || typeof command.taskId !== 'string') return undefined;
  if (!/^[\w-]+$/.test(command.taskId) || typeof command.attempt !== 'number') return undefined;
  if (typeof command.callbackUrl !== 'string' || !Array.isArray(command.subject?.identities))
    return undefined;
  const emails = (command.subject.identities as { type?: unknown; value?: unknown }[])
    .filter((identity) => identity?.type === 'email' && typeof identity.value === 'string')
    .map((identity) => normalise(identity.value as string));
  return { taskId: command.taskId, attempt: command.attempt, callbackUrl: command.callbackUrl, emails };
}

const outcomeOf = (job: ErasureJob) =>
  job.recordsAffected > 0
    ? { status: 'deleted', recordsAffected: job.recordsAffected }
    : { status: 'not_found', recordsAffected: 0 };

const normalise = (email: string) => email.trim().toLowerCase();

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')),
    );
    request.on('error', reject);
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
