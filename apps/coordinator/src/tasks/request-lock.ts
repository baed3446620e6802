import { EntityManager } from 'typeorm';
import { ErasureRequestEntity } from './erasure-request.entity';

/**
 * Locks a request row for the rest of the transaction. Every writer of a request or its tasks takes this lock
 * first (request → task → audit stream), so concurrent results, timers and operator actions serialise per request
 * and never deadlock.
 */
export function lockRequest(manager: EntityManager, requestId: string): Promise<ErasureRequestEntity | null> {
  return manager
    .getRepository(ErasureRequestEntity)
    .createQueryBuilder('r')
    .setLock('pessimistic_write')
    .where('r.id = :id', { id: requestId })
    .getOne();
}
