import { DomainException } from '../common/domain.exception';

export enum DispatchErrorCode {
  /** The request's raw identities were crypto-shredded: there is nothing left to put in a command. */
  IdentitiesShredded = 'IDENTITIES_SHREDDED',
}

/** Domain error of dispatching; the relay handles it per command, so one bad row never blocks the outbox. */
export class DispatchException extends DomainException<DispatchErrorCode> {}
