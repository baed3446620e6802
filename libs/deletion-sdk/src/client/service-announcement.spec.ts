import { parseServiceAnnouncement } from '../protocol/validation';
import { SDK_VERSION } from '../core/sdk-version';
import { buildServiceAnnouncement } from './service-announcement';

describe(buildServiceAnnouncement.name, () => {
  it('builds a valid announcement at the given time', () => {
    const announcement = buildServiceAnnouncement(
      { service: 'cart', instanceId: 'host-1', identityTypes: ['user_id'], dataCategories: ['cart'] },
      new Date('2025-03-01T10:00:00.000Z'),
    );
    expect(parseServiceAnnouncement(announcement)).toEqual({
      v: 1,
      type: 'service.announce',
      service: 'cart',
      instanceId: 'host-1',
      identityTypes: ['user_id'],
      dataCategories: ['cart'],
      sdkVersion: SDK_VERSION,
      at: '2025-03-01T10:00:00.000Z',
    });
  });
});
