import type { ServiceRegistration, ServiceState } from './registered-service.entity';

/**
 * Pure rules of the service registry. How the three ways a service can be touched combine:
 *
 * - An SDK announcement registers an unknown service (`sdk`), refreshes a known one, and turns a `manual` service
 *   into an `sdk` one (the system was automated since; audited).
 * - An operator registers a service by hand (`manual`, POST /v1/services) or retires one (DELETE). Retiring
 *   removes it from the fan-out of new requests; open tasks of existing requests are left as they are.
 * - A retired service stays retired whatever it announces: announcements only refresh its last-seen time (so an
 *   operator can see it is still running), never its state or capabilities. Only an explicit POST reinstates it.
 */

export interface ServiceCapabilities {
  identityTypes: string[];
  dataCategories: string[];
}

export interface RegistryRecord extends ServiceCapabilities {
  name: string;
  state: ServiceState;
  registration: ServiceRegistration;
}

export type Change<T> = { from: T; to: T };

export interface ServiceChanges {
  registration?: Change<ServiceRegistration>;
  identityTypes?: Change<string[]>;
  dataCategories?: Change<string[]>;
}

export type AnnouncementDecision =
  /** Liveness only: nothing an auditor cares about changed. */
  | { kind: 'heartbeat' }
  /** Registration or capabilities changed: update and record a `service.updated` event. */
  | { kind: 'update'; changes: ServiceChanges }
  /** The service is retired: record liveness, change nothing else. */
  | { kind: 'retired' };

export function decideAnnouncement(
  existing: RegistryRecord,
  announced: ServiceCapabilities,
): AnnouncementDecision {
  if (existing.state === 'retired') return { kind: 'retired' };
  const changes: ServiceChanges = {};
  if (existing.registration !== 'sdk') changes.registration = { from: existing.registration, to: 'sdk' };
  if (!sameSet(existing.identityTypes, announced.identityTypes)) {
    changes.identityTypes = { from: existing.identityTypes, to: announced.identityTypes };
  }
  if (!sameSet(existing.dataCategories, announced.dataCategories)) {
    changes.dataCategories = { from: existing.dataCategories, to: announced.dataCategories };
  }
  return Object.keys(changes).length > 0 ? { kind: 'update', changes } : { kind: 'heartbeat' };
}

export type DisplayState = 'active' | 'stale' | 'retired';

/** `stale` means an SDK service went quiet; a manual service or a target never heartbeats, so it is never stale. */
export function displayState(
  service: Pick<RegistryRecord, 'state' | 'registration'>,
  lastSeenAt: Date,
  now: Date,
  staleAfterMs: number,
): DisplayState {
  if (service.state === 'retired') return 'retired';
  // manual services and targets outside the estate never heartbeat
  if (service.registration !== 'sdk') return 'active';
  return now.getTime() - lastSeenAt.getTime() > staleAfterMs ? 'stale' : 'active';
}

/** Order and duplicates carry no meaning in a list of capabilities. */
function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}
