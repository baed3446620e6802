import { EntityManager } from 'typeorm';
import { OutboxRepository } from '../dispatch/outbox.repository';
import { LegalHoldEntity } from '../holds/legal-hold.entity';
import { LegalHoldService } from '../holds/legal-hold.service';
import { LedgerRepository, NewAuditEvent, requestStream } from '../ledger/ledger.repository';
import { ErasureRequestEntity } from '../tasks/erasure-request.entity';
import { ErasureTaskEntity } from '../tasks/erasure-task.entity';
import { TaskStateService } from '../tasks/task-state.service';

/** A request built by intake or a bulk batch, not stored yet: its `pending` tasks and its `request.received`. */
export interface NewRequest {
  request: ErasureRequestEntity;
  tasks: ErasureTaskEntity[];
  received: NewAuditEvent;
}

/** What the write needs, as intake and the bulk worker hold them. */
export interface NewRequestWriters {
  state: TaskStateService;
  outbox: OutboxRepository;
  ledger: LedgerRepository;
  holds: LegalHoldService;
}

/**
 * The one write of new requests, for single intake and bulk batches alike: the requests, their tasks, the first
 * dispatch of every task not under a hold (in the Kafka or the targets' outbox, by `targets`), and each request's
 * stream started at its `request.received` — ONE statement; then, in `manager`'s transaction, each request under
 * `holds[i]` answered as retained (`holdBack`). Without a hold nothing is written but that statement, so `manager`
 * need not be a transaction.
 */
export async function writeNewRequests(
  { state, outbox, ledger, holds: holdService }: NewRequestWriters,
  manager: EntityManager,
  created: readonly NewRequest[],
  targets: ReadonlySet<string>,
  holds: readonly (LegalHoldEntity | undefined)[],
  now: Date,
): Promise<void> {
  await state.createRequests(manager, created, [
    ...outbox.queueingFirst(
      created
        .filter((_, index) => !holds[index])
        .flatMap(({ tasks }) =>
          tasks.map((task) => ({ taskId: task.id, toTarget: targets.has(task.service) })),
        ),
      now,
    ),
    ...ledger.startingStreams(
      created.map(({ request, received }) => ({ stream: requestStream(request.id), events: [received] })),
      now,
    ),
  ]);
  for (const [index, entry] of created.entries()) {
    const hold = holds[index];
    if (hold) await holdService.holdBack(manager, entry.request, entry.tasks, hold);
  }
}
