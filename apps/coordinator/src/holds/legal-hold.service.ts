import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { KeyRing } from '../crypto/key-ring';
import { LedgerRepository } from '../ledger/ledger.repository';
import { ErasureRequestException } from '../requests/erasure-request.exception';
import { identityHashType, normaliseIdentities } from '../requests/identity-normalizer';
import type { SubjectIdentity } from '@lethe/deletion-sdk/protocol';
import { ErasureRequestEntity } from '../tasks/erasure-request.entity';
import { ErasureTaskEntity } from '../tasks/erasure-task.entity';
import { TaskStateService } from '../tasks/task-state.service';
import { CreateLegalHoldDto } from './dto/create-legal-hold.dto';
import { LegalHoldResponse } from './dto/legal-hold.response';
import { governingHold, holdCitation } from './hold-basis';
import { LegalHoldEntity } from './legal-hold.entity';
import { LegalHoldErrorCode, LegalHoldException } from './legal-hold.exception';
import { LegalHoldRepository } from './legal-hold.repository';
import { toLegalHoldResponse } from './legal-hold.mapper';

/** The audit stream of every hold placed and released. */
export const LEGAL_HOLDS_STREAM = 'legal-holds';

/**
 * Places and lists holds, and answers requests for held subjects. Intake (single and bulk) calls `heldBy` and, for
 * a held request, `holdBack` in its own transaction, so a request is either dispatched or held, never both.
 */
@Injectable()
export class LegalHoldService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly holds: LegalHoldRepository,
    private readonly ledger: LedgerRepository,
    private readonly state: TaskStateService,
    private readonly keys: KeyRing,
    private readonly clock: Clock,
  ) {}

  async place(input: CreateLegalHoldDto, actor: string): Promise<LegalHoldResponse> {
    const now = this.clock.now();
    const endsAt = input.endsAt ? new Date(input.endsAt) : null;
    if (endsAt && endsAt.getTime() <= now.getTime()) {
      throw new LegalHoldException(LegalHoldErrorCode.EndsInThePast, 'endsAt must be in the future');
    }
    const identities = normalised(input.identities);
    const hold: LegalHoldEntity = {
      id: randomUUID(),
      identityHashes: [
        ...new Set(
          identities.map((identity) => this.keys.hashIdentity(identityHashType(identity), identity.value)),
        ),
      ],
      basis: input.basis,
      reason: input.reason,
      placedAt: now,
      placedBy: actor,
      endsAt,
      releasedAt: null,
      releasedBy: null,
      releaseReason: null,
    };
    await this.dataSource.transaction(async (manager) => {
      await this.holds.insert(manager, hold);
      await this.ledger.append(
        manager,
        LEGAL_HOLDS_STREAM,
        [
          {
            type: 'legal_hold.placed',
            actor,
            data: {
              holdId: hold.id,
              basis: hold.basis,
              reason: hold.reason,
              identityHashes: hold.identityHashes,
              endsAt: endsAt?.toISOString() ?? null,
            },
          },
        ],
        now,
      );
    });
    return toLegalHoldResponse(hold, now);
  }

  async list(includeReleased: boolean): Promise<LegalHoldResponse[]> {
    const now = this.clock.now();
    return (await this.holds.list(500, includeReleased)).map((hold) => toLegalHoldResponse(hold, now));
  }

  async get(id: string): Promise<LegalHoldResponse> {
    const hold = await this.holds.findHold(id);
    if (!hold) throw new LegalHoldException(LegalHoldErrorCode.NotFound, `legal hold ${id} does not exist`);
    return toLegalHoldResponse(hold, this.clock.now());
  }

  /** The active hold that governs a subject with these keyed hashes, if any (intake's one question). */
  async heldBy(manager: EntityManager, identityHashes: string[]): Promise<LegalHoldEntity | undefined> {
    return governingHold(await this.holds.findActiveMatching(manager, identityHashes, this.clock.now()));
  }

  /**
   * `heldBy` for many subjects in one query (intake's group commit): the hold governing each list of identity
   * hashes, in the order given.
   */
  async heldByEach(
    manager: EntityManager,
    subjects: readonly string[][],
  ): Promise<(LegalHoldEntity | undefined)[]> {
    const active = await this.holds.findActiveMatching(
      manager,
      [...new Set(subjects.flat())],
      this.clock.now(),
    );
    if (active.length === 0) return subjects.map(() => undefined);
    return subjects.map((hashes) =>
      governingHold(active.filter((hold) => hold.identityHashes.some((hash) => hashes.includes(hash)))),
    );
  }

  /**
   * Answers a just-created request (status received, tasks pending, nothing in the outbox) under `hold`: every task
   * is retained with the hold's legal basis in the request's law, the request completes, and the link to the hold
   * is recorded so that releasing it opens the erasure. Runs in intake's transaction, after `request.received`.
   */
  async holdBack(
    manager: EntityManager,
    request: ErasureRequestEntity,
    tasks: ErasureTaskEntity[],
    hold: LegalHoldEntity,
  ): Promise<void> {
    const now = this.clock.now();
    const retention = {
      basis: holdCitation(hold.basis, request.regulation),
      note: `legal hold ${hold.id} (${hold.basis})`,
    };
    await this.state.retainUnderHold(manager, tasks, retention, now);
    await this.holds.linkHeldRequests(manager, [{ requestId: request.id, holdId: hold.id }], now);
    await this.state.settleRequests(
      manager,
      [
        {
          request: { id: request.id, status: 'received' },
          events: [
            {
              type: 'request.held',
              actor: 'system',
              data: { holdId: hold.id, basis: hold.basis, legalBasis: retention.basis },
            },
          ],
        },
      ],
      now,
    );
  }
}

/** Normalised as intake normalises, so a hold and a request on one person meet on the same hash. */
function normalised(identities: readonly SubjectIdentity[]): SubjectIdentity[] {
  try {
    return normaliseIdentities(identities);
  } catch (error) {
    if (error instanceof ErasureRequestException) {
      throw new LegalHoldException(LegalHoldErrorCode.InvalidIdentity, error.message, false, {
        cause: error,
      });
    }
    throw error;
  }
}
