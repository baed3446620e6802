import { IS_TARGET_SERVICE } from '../dispatch/outbox.repository';
import { SqlRunner } from '../database/unnest-insert';
import { activeHoldMatching } from '../holds/legal-hold.repository';

/** What intake reads before it writes a group of requests (see `readIntakeSnapshot`). */
export interface IntakeSnapshot {
  /** The id of the request holding each external id asked about that exists already. */
  taken: Map<string, string>;
  /** The services a new request fans out to: every registered, non-retired one, by name. */
  services: string[];
  /** Those of `services` whose tasks go to the targets' outbox (webhook or OpenDSR), not to Kafka. */
  targets: Set<string>;
  /** Whether an active hold names any of the identity hashes asked about (then `heldByEach` says whose). */
  anyHold: boolean;
}

/**
 * The services a new request fans out to. A dry run leaves out the webhook and OpenDSR targets: their APIs have no
 * dry run, so a command sent to them would be a real erasure at the vendor. Nothing is sent to them for it.
 */
export function fanOutOf(
  { services, targets }: Pick<IntakeSnapshot, 'services' | 'targets'>,
  dryRun: boolean,
): string[] {
  return dryRun ? services.filter((service) => !targets.has(service)) : services;
}

/**
 * Intake's three reads in ONE statement (in the caller's transaction, if it has one): which of `externalIds` exist
 * already, the active services with their outbox kind (as `activeServiceNames`, in name order), and whether an
 * active legal hold names any of `identityHashes` at `now` (as `findActiveMatching`). A hold is rare, so only its
 * presence is read here, and the holds themselves only when there is one.
 */
export async function readIntakeSnapshot(
  db: SqlRunner,
  externalIds: readonly string[],
  identityHashes: readonly string[],
  now: Date,
): Promise<IntakeSnapshot> {
  const rows = (await db.query(SNAPSHOT, [[...new Set(externalIds)], [...new Set(identityHashes)], now])) as {
    taken: [string, string][];
    services: [string, boolean][];
    any_hold: boolean;
  }[];
  const { taken, services, any_hold } = rows[0];
  return {
    taken: new Map(taken),
    services: services.map(([name]) => name),
    targets: new Set(services.filter(([, target]) => target).map(([name]) => name)),
    anyHold: any_hold,
  };
}

const SNAPSHOT = `SELECT
  (SELECT coalesce(json_agg(json_build_array(r.external_id, r.id)), '[]')
     FROM erasure_requests r WHERE r.external_id = ANY($1::text[])) AS taken,
  (SELECT coalesce(json_agg(json_build_array(s.name, ${IS_TARGET_SERVICE}) ORDER BY s.name), '[]')
     FROM registered_services s WHERE s.state = 'active') AS services,
  EXISTS (SELECT 1 FROM legal_holds h WHERE ${activeHoldMatching('$2', '$3::timestamptz')}) AS any_hold`;
