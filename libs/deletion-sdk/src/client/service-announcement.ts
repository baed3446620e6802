import type { ServiceAnnouncement } from '../protocol/messages';
import { SDK_VERSION } from '../core/sdk-version';
import type { ResolvedDeletionClientOptions } from './deletion-client.options';

type AnnouncementOptions = Pick<
  ResolvedDeletionClientOptions,
  'service' | 'instanceId' | 'identityTypes' | 'dataCategories'
>;

/** What a service tells the coordinator about itself on `lethe.registry`, at start and on every heartbeat. */
export function buildServiceAnnouncement(options: AnnouncementOptions, now: Date): ServiceAnnouncement {
  return {
    v: 1,
    type: 'service.announce',
    service: options.service,
    instanceId: options.instanceId,
    identityTypes: [...options.identityTypes],
    dataCategories: [...options.dataCategories],
    sdkVersion: SDK_VERSION,
    at: now.toISOString(),
  };
}
