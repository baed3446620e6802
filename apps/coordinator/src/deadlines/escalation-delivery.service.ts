import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import type { EscalationDelivery, EscalationDeliveryStatus } from './escalation-delivery';
import { EscalationDeliveryErrorCode, EscalationDeliveryException } from './escalation-delivery.exception';
import { EscalationDeliveryRepository } from './escalation-delivery.repository';
import { EscalationDeliveryWorker } from './escalation-delivery.worker';

type OperatorAction = 'stop' | 'retry';

/** What an operator sees of the escalation outbox, and the two things they can do: stop a delivery, or retry it now. */
@Injectable()
export class EscalationDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: EscalationDeliveryRepository,
    private readonly requests: ErasureRequestRepository,
    private readonly ledger: LedgerRepository,
    private readonly worker: EscalationDeliveryWorker,
    private readonly clock: Clock,
  ) {}

  list(status: EscalationDeliveryStatus | undefined, limit: number): Promise<EscalationDelivery[]> {
    return this.deliveries.list(status, limit);
  }

  async get(id: string): Promise<EscalationDelivery> {
    const delivery = await this.deliveries.find(id);
    if (!delivery) throw notFound(id);
    return delivery;
  }

  /** No further attempts; recorded in the request's ledger. Stopping a stopped delivery changes nothing. */
  async stop(id: string, actor: string): Promise<EscalationDelivery> {
    const changed = await this.act(id, actor, 'stop');
    if (changed) this.worker.recordStopped();
    return this.get(id);
  }

  /** Due now, resumed if it was stopped; recorded in the request's ledger. */
  async retry(id: string, actor: string): Promise<EscalationDelivery> {
    await this.act(id, actor, 'retry');
    return this.get(id);
  }

  private async act(id: string, actor: string, action: OperatorAction): Promise<boolean> {
    const found = await this.deliveries.find(id);
    if (!found) throw notFound(id);
    return this.dataSource.transaction(async (manager) => {
      // one lock order everywhere: the request first, then what hangs off it
      await this.requests.lock(manager, found.requestId);
      const delivery = await this.deliveries.lock(manager, id);
      if (!delivery) throw notFound(id);
      if (delivery.status === 'delivered') {
        throw new EscalationDeliveryException(
          EscalationDeliveryErrorCode.AlreadyDelivered,
          `escalation delivery ${id} was already delivered`,
        );
      }
      if (action === 'stop' && delivery.status === 'stopped') return false;
      const now = this.clock.now();
      if (action === 'stop') await this.deliveries.stop(manager, id, actor, now);
      else await this.deliveries.retryNow(manager, id, now);
      await this.ledger.append(
        manager,
        requestStream(delivery.requestId),
        [
          {
            type: action === 'stop' ? 'escalation.delivery_stopped' : 'escalation.delivery_retried',
            actor,
            data: { deliveryId: id, kind: delivery.kind, attempts: delivery.attempts },
          },
        ],
        now,
      );
      return true;
    });
  }
}

function notFound(id: string): EscalationDeliveryException {
  return new EscalationDeliveryException(
    EscalationDeliveryErrorCode.NotFound,
    `escalation delivery ${id} not found`,
  );
}
