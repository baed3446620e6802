import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { KeyRing } from '../crypto/key-ring';
import { sealPayload } from '../crypto/identity-vault';
import { initialDueDate } from '../deadlines/deadline-policy';
import { OutboxRelay } from '../dispatch/outbox-relay';
import { OutboxMessageEntity } from '../dispatch/outbox-message.entity';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { RegistryService } from '../registry/registry.service';
import { ErasureTaskEntity } from '../tasks/erasure-task.entity';
import { CreateErasureRequestDto } from './dto/create-erasure-request.dto';
import { ErasureRequestResponse } from './dto/erasure-request.response';
import { ErasureRequestEntity } from './erasure-request.entity';
import { ErasureRequestErrorCode, ErasureRequestException } from './erasure-request.exception';
import { toErasureRequestResponse } from './erasure-request.mapper';
import { normaliseIdentities } from './identity-normalizer';

export interface SubmitOutcome {
  created: boolean;
  request: ErasureRequestResponse;
}

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class ErasureRequestService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: RegistryService,
    private readonly ledger: LedgerRepository,
    private readonly keys: KeyRing,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  /**
   * Records the request, one task per active service, the first audit events and the outbox rows in one
   * transaction — nothing is published unless all of it committed. Idempotent by externalId.
   */
  async submit(input: CreateErasureRequestDto, actor: string): Promise<SubmitOutcome> {
    const identities = normaliseIdentities(input.subject.identities);
    if (input.externalId) {
      const existing = await this.findByExternalId(input.externalId);
      if (existing) return { created: false, request: existing };
    }
    try {
      const requestId = await this.dataSource.transaction((manager) =>
        this.createWithTasks(manager, input, identities, actor),
      );
      this.relay.nudge();
      return { created: true, request: await this.get(requestId) };
    } catch (error) {
      // two submissions with one externalId raced: the loser returns the winner's request
      if (input.externalId && (error as { code?: string }).code === UNIQUE_VIOLATION) {
        const existing = await this.findByExternalId(input.externalId);
        if (existing) return { created: false, request: existing };
      }
      throw error;
    }
  }

  async get(id: string): Promise<ErasureRequestResponse> {
    const request = await this.dataSource.getRepository(ErasureRequestEntity).findOneBy({ id });
    if (!request) {
      throw new ErasureRequestException(
        ErasureRequestErrorCode.NotFound,
        `erasure request ${id} does not exist`,
      );
    }
    const tasks = await this.dataSource.getRepository(ErasureTaskEntity).findBy({ requestId: id });
    return toErasureRequestResponse(request, tasks, this.clock.now());
  }

  private async findByExternalId(externalId: string): Promise<ErasureRequestResponse | undefined> {
    const request = await this.dataSource.getRepository(ErasureRequestEntity).findOneBy({ externalId });
    return request ? this.get(request.id) : undefined;
  }

  private async createWithTasks(
    manager: EntityManager,
    input: CreateErasureRequestDto,
    identities: ReturnType<typeof normaliseIdentities>,
    actor: string,
  ): Promise<string> {
    const services = await this.registry.activeServiceNames(manager);
    if (services.length === 0) {
      throw new ErasureRequestException(
        ErasureRequestErrorCode.NoServicesRegistered,
        'no services are registered, so there is nothing to erase from; start a service with the deletion SDK first',
      );
    }
    const now = this.clock.now();
    const sealed = sealPayload(this.keys.dataKeyWrappingKey, { identities });
    const request: ErasureRequestEntity = {
      id: randomUUID(),
      externalId: input.externalId ?? null,
      regulation: input.regulation,
      status: 'received',
      submittedAt: now,
      dueAt: initialDueDate(input.regulation, now),
      completedAt: null,
      identityHashes: identities.map((i) => ({
        type: i.type,
        hash: this.keys.hashIdentity(i.type, i.value),
      })),
      sealedIdentities: sealed.ciphertext,
      wrappedDataKey: sealed.wrappedDataKey,
      createdBy: actor,
      updatedAt: now,
    };
    await manager.getRepository(ErasureRequestEntity).insert(request);

    const tasks: ErasureTaskEntity[] = services.map((service) => ({
      id: randomUUID(),
      requestId: request.id,
      service,
      status: 'pending',
      attempts: 0,
      recordsAffected: null,
      retention: null,
      lastError: null,
      dispatchedAt: null,
      completedAt: null,
      updatedAt: now,
    }));
    await manager.getRepository(ErasureTaskEntity).insert(tasks);
    await manager
      .getRepository(OutboxMessageEntity)
      .insert(
        tasks.map((task) => ({ commandId: randomUUID(), taskId: task.id, attempt: 1, createdAt: now })),
      );

    await this.ledger.append(
      manager,
      requestStream(request.id),
      [
        {
          type: 'request.received',
          actor,
          data: {
            regulation: request.regulation,
            externalId: request.externalId,
            identityHashes: request.identityHashes,
            dueAt: request.dueAt.toISOString(),
            services,
          },
        },
      ],
      now,
    );
    return request.id;
  }
}
