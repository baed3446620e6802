import { isIP } from 'node:net';

/**
 * Where the coordinator may send HTTP requests that someone else named: OpenDSR status callbacks (a controller
 * names them) and webhook and OpenDSR targets (an admin registers them, a vendor may hand back a status URL).
 * Without a check such a URL could point the coordinator at its own network (metadata services, admin ports). With
 * an allow-list, only hosts matching one of its patterns (`example.com`, `*.example.com`, `10.0.0.7`) are accepted,
 * over http or https; without one, any public host over https, and the addresses it resolves to are checked again
 * when connecting (`public-only-lookup.ts`).
 */
export function outboundUrlProblem(text: string, allowlist: readonly string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not carry credentials';
  const host = hostOf(url);
  if (allowlist.length > 0) {
    return allowlist.some((pattern) => hostMatches(host, pattern))
      ? undefined
      : 'is not on the callback allow-list';
  }
  if (url.protocol !== 'https:') return 'must be an https URL';
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not be a loopback address';
  if (isIP(host) && isPrivateAddress(host)) return 'must not be a private, loopback or link-local address';
  return undefined;
}

/** Whether addresses a host resolves to must be checked at connect time (not when the host was listed). */
export function mustScreenAddresses(text: string, allowlist: readonly string[]): boolean {
  return allowlist.length === 0 || !allowlist.some((pattern) => hostMatches(hostOf(new URL(text)), pattern));
}

export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

export function hostMatches(host: string, pattern: string): boolean {
  const wanted = pattern.replace(/^\[|\]$/g, '').toLowerCase();
  if (wanted.startsWith('*.')) return host.endsWith(wanted.slice(1)) && host.length > wanted.length - 1;
  return host === wanted;
}

const PRIVATE_V4: [number, number][] = [
  [0x00000000, 8], // "this" network
  [0x0a000000, 8], // 10/8
  [0x64400000, 10], // 100.64/10 carrier-grade NAT
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link-local, cloud metadata
  [0xac100000, 12], // 172.16/12
  [0xc0000000, 24], // IETF protocol assignments
  [0xc0a80000, 16], // 192.168/16
  [0xc6120000, 15], // benchmarking
  [0xe0000000, 3], // multicast and reserved
];

/** Loopback, private, link-local, CGNAT, unique-local, multicast and unspecified addresses, v4 and v6. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.toLowerCase();
  if (isIP(ip) === 4) {
    const value = ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
    return PRIVATE_V4.some(
      ([base, bits]) => Math.floor(value / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)),
    );
  }
  if (isIP(ip) !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped) return isPrivateAddress(mapped[1]);
  // the URL parser writes an IPv4-mapped address in hex (::ffff:c0a8:1 for 192.168.0.1)
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(ip);
  if (mappedHex) {
    const [high, low] = [parseInt(mappedHex[1], 16), parseInt(mappedHex[2], 16)];
    return isPrivateAddress([high >> 8, high & 255, low >> 8, low & 255].join('.'));
  }
  return (
    ip === '::' ||
    ip === '::1' ||
    /^f[cd]/.test(ip) || // unique local fc00::/7
    /^fe[89ab]/.test(ip) || // link-local fe80::/10
    ip.startsWith('ff') // multicast
  );
}
