import {
  DEMO_CUSTOMERS,
  SeededCustomer,
  seedCustomer,
  ShopCustomer,
} from '../../../../../scripts/lib/sample-shop';
import { E2eEnvironment } from '../../support/e2e-environment';

/** How many requests each scenario pushes (LETHE_CHAOS_BATCH_SIZE); small enough to keep the suite bounded. */
export const BATCH_SIZE = Number(process.env.LETHE_CHAOS_BATCH_SIZE ?? 24);

/**
 * How a submission went: `ok` a definite answer (201, or 200 for an externalId already known), `failed` a definite
 * refusal (4xx), `indeterminate` no answer at all (network error, timeout) or a 5xx/429 that says nothing about
 * whether the request was stored.
 */
export type SubmissionClass = 'ok' | 'failed' | 'indeterminate';

export interface ChaosSubject {
  externalId: string;
  customer: ShopCustomer;
  seeded: SeededCustomer;
  /** Every attempt's class, in order; resolved when the last one is definite. */
  submissions: SubmissionClass[];
  requestId?: string;
}

/** `count` customers of the sample shop, each with data in every store, apart from every other scenario's. */
export async function seedBatch(
  env: E2eEnvironment,
  tag: string,
  count = BATCH_SIZE,
): Promise<ChaosSubject[]> {
  const subjects: ChaosSubject[] = [];
  for (let i = 0; i < count; i++) {
    const template = DEMO_CUSTOMERS[i % DEMO_CUSTOMERS.length];
    const customer = { ...template, email: template.email.replace('@', `.${tag}-${i}@`) };
    const seeded = await seedCustomer((service) => env.stack.url(service), customer);
    subjects.push({ externalId: `chaos-${env.name}-${tag}-${i}`, customer, seeded, submissions: [] });
  }
  return subjects;
}

async function submitOnce(env: E2eEnvironment, subject: ChaosSubject, coordinator: string): Promise<void> {
  let outcome: SubmissionClass;
  try {
    const response = await fetch(env.stack.url(coordinator) + '/v1/erasure-requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${env.adminApiKey}` },
      body: JSON.stringify({
        regulation: 'gdpr',
        externalId: subject.externalId,
        subject: {
          identities: [
            { type: 'email', value: subject.customer.email },
            { type: 'user_id', value: subject.seeded.userId },
          ],
        },
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (response.status === 200 || response.status === 201) {
      outcome = 'ok';
      subject.requestId = (JSON.parse(text) as { id: string }).id;
    } else if (response.status >= 500 || response.status === 429 || response.status === 408) {
      outcome = 'indeterminate';
    } else {
      outcome = 'failed';
    }
  } catch {
    outcome = 'indeterminate';
  }
  subject.submissions.push(outcome);
}

/**
 * Submits every subject, each with its externalId, and re-submits any that got no definite answer until it gets one
 * (or `resolveWithinMs` passes): a client that cannot tell whether its request was stored retries with the same
 * externalId and must get the one request back, never a second. `coordinators`: where to send, round robin.
 */
export async function submitBatch(
  env: E2eEnvironment,
  subjects: ChaosSubject[],
  options: {
    coordinators?: string[];
    resolveWithinMs?: number;
    onEach?: (index: number) => Promise<void>;
  } = {},
): Promise<void> {
  const coordinators = options.coordinators ?? ['coordinator'];
  const pending: ChaosSubject[] = [];
  for (const [index, subject] of subjects.entries()) {
    await options.onEach?.(index);
    await submitOnce(env, subject, coordinators[index % coordinators.length]);
    if (subject.submissions.at(-1) === 'indeterminate') pending.push(subject);
  }
  await resolveSubmissions(env, pending, coordinators, options.resolveWithinMs);
}

/** Re-submits with the same externalId until each subject's last submission is definite. */
export async function resolveSubmissions(
  env: E2eEnvironment,
  subjects: ChaosSubject[],
  coordinators = ['coordinator'],
  withinMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + withinMs;
  let open = subjects.filter((s) => s.submissions.at(-1) !== 'ok' && s.submissions.at(-1) !== 'failed');
  while (open.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const [index, subject] of open.entries()) {
      await submitOnce(env, subject, coordinators[index % coordinators.length]);
    }
    open = open.filter((s) => s.submissions.at(-1) === 'indeterminate');
  }
}

/** Counts for the scenario's log line: how the first attempts went, and how many needed a re-submission. */
export function submissionSummary(subjects: ChaosSubject[]): Record<SubmissionClass | 'resubmitted', number> {
  const summary = { ok: 0, failed: 0, indeterminate: 0, resubmitted: 0 };
  for (const subject of subjects) {
    summary[subject.submissions[0]]++;
    if (subject.submissions.length > 1) summary.resubmitted++;
  }
  return summary;
}
