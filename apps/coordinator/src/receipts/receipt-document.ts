import {
  DELETION_RECEIPT_TYPE,
  DELETION_RECEIPT_VERSION,
  DeletionReceiptDocument,
} from '@lethe/deletion-sdk/protocol';
import type { Regulation } from '../deadlines/deadline-policy';
import { holdCitation, HoldBasis } from '../holds/hold-basis';
import { isRequestTerminal, RequestStatus } from '../requests/request-lifecycle';

/**
 * What a receipt is built from, as plain shapes (the ledger's rows satisfy them), so the document — which fields
 * an auditor sees, in which order, in which form — is a pure function pinned down by unit tests.
 */
export interface ReceiptRequestFacts {
  id: string;
  externalId: string | null;
  regulation: Regulation;
  status: RequestStatus;
  submittedAt: Date;
  dueAt: Date;
  completedAt: Date | null;
  cancelledAt: Date | null;
  identityHashes: { type: string; hash: string }[];
}

export interface ReceiptTaskFacts {
  service: string;
  status: string;
  recordsAffected: number | null;
  retention: { basis: string; note?: string | null } | null;
  completedAt: Date | null;
}

export interface ReceiptHoldFacts {
  hold: { id: string; basis: HoldBasis; placedAt: Date; releasedAt: Date | null };
  heldAt: Date;
  followUpRequestId: string | null;
}

export interface ReceiptFacts {
  request: ReceiptRequestFacts;
  tasks: readonly ReceiptTaskFacts[];
  held: ReceiptHoldFacts | null;
  chainHead: { stream: string; seq: number; hash: string };
  issuedAt: Date;
  keyId: string;
}

/** Receipts are for finished requests: an open one could still change, and the receipt would be a promise. */
export function isReceiptable(status: RequestStatus): boolean {
  return isRequestTerminal(status);
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function buildReceiptDocument(facts: ReceiptFacts): DeletionReceiptDocument {
  const { request, held } = facts;
  if (!isReceiptable(request.status)) {
    throw new RangeError(`request ${request.id} is ${request.status}: receipts are for finished requests`);
  }
  return {
    v: DELETION_RECEIPT_VERSION,
    type: DELETION_RECEIPT_TYPE,
    request: {
      id: request.id,
      externalId: request.externalId,
      regulation: request.regulation,
      status: request.status,
      submittedAt: request.submittedAt.toISOString(),
      dueAt: request.dueAt.toISOString(),
      completedAt: iso(request.completedAt),
      cancelledAt: iso(request.cancelledAt),
      identityHashes: request.identityHashes.map(({ type, hash }) => ({ type, hash })),
    },
    // by service name, so two receipts of one request list the services alike whatever order rows come in
    services: [...facts.tasks]
      .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0))
      .map((task) => ({
        service: task.service,
        status: task.status,
        recordsAffected: task.recordsAffected,
        retention: task.retention ? { basis: task.retention.basis, note: task.retention.note ?? null } : null,
        completedAt: iso(task.completedAt),
      })),
    legalHold: held && {
      holdId: held.hold.id,
      basis: held.hold.basis,
      legalBasis: holdCitation(held.hold.basis, request.regulation),
      placedAt: held.hold.placedAt.toISOString(),
      heldAt: held.heldAt.toISOString(),
      releasedAt: iso(held.hold.releasedAt),
      followUpRequestId: held.followUpRequestId,
    },
    auditChain: { stream: facts.chainHead.stream, seq: facts.chainHead.seq, hash: facts.chainHead.hash },
    issuedAt: facts.issuedAt.toISOString(),
    keyId: facts.keyId,
  };
}
