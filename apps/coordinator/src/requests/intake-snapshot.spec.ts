import { fanOutOf } from './intake-snapshot';

describe(fanOutOf.name, () => {
  const snapshot = {
    services: ['crm-vendor', 'paper-archive', 'shop', 'vendor-lethe'],
    targets: new Set(['crm-vendor', 'vendor-lethe']),
  };

  it('fans a real erasure out to every active service, targets included, in name order', () => {
    expect(fanOutOf(snapshot, false)).toEqual(['crm-vendor', 'paper-archive', 'shop', 'vendor-lethe']);
  });

  it('leaves webhook and OpenDSR targets out of a dry run, which they cannot do without erasing', () => {
    expect(fanOutOf(snapshot, true)).toEqual(['paper-archive', 'shop']);
  });

  it('gives a dry run nothing when only targets are registered', () => {
    expect(fanOutOf({ services: ['crm-vendor'], targets: new Set(['crm-vendor']) }, true)).toEqual([]);
  });
});
