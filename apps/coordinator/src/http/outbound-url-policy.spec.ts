import {
  outboundUrlProblem,
  hostMatches,
  isPrivateAddress,
  mustScreenAddresses,
} from './outbound-url-policy';

describe(outboundUrlProblem.name, () => {
  describe('without an allow-list: public https hosts only', () => {
    it.each(['https://controller.example.com/opendsr/callbacks', 'https://93.184.216.34/cb'])(
      'accepts %s',
      (url) => {
        expect(outboundUrlProblem(url, [])).toBeUndefined();
      },
    );

    it.each([
      ['http://controller.example.com/cb', 'must be an https URL'],
      ['https://localhost/cb', 'must not be a loopback address'],
      ['https://api.localhost/cb', 'must not be a loopback address'],
      ['https://127.0.0.1/cb', 'must not be a private, loopback or link-local address'],
      ['https://10.1.2.3/cb', 'must not be a private, loopback or link-local address'],
      ['https://169.254.169.254/latest/meta-data', 'must not be a private, loopback or link-local address'],
      ['https://[::1]/cb', 'must not be a private, loopback or link-local address'],
      ['https://[fd00::1]/cb', 'must not be a private, loopback or link-local address'],
      ['https://[::ffff:192.168.0.1]/cb', 'must not be a private, loopback or link-local address'],
      ['https://user:secret@example.com/cb', 'must not carry credentials'],
      ['ftp://example.com/cb', 'must be an http or https URL'],
      ['/relative', 'is not an absolute URL'],
    ])('refuses %s: %s', (url, problem) => {
      expect(outboundUrlProblem(url, [])).toBe(problem);
    });
  });

  describe('with an allow-list: only listed hosts, which may be private and plain http', () => {
    const allowlist = ['127.0.0.1', '*.acme.example', 'hooks.example.org'];

    it.each(['http://127.0.0.1:8080/cb', 'https://eu.acme.example/cb', 'https://hooks.example.org/x'])(
      'accepts %s',
      (url) => expect(outboundUrlProblem(url, allowlist)).toBeUndefined(),
    );

    it.each([
      'https://acme.example/cb',
      'https://evilacme.example/cb',
      'https://example.org/cb',
      'http://10.0.0.1/cb',
      'https://hooks.example.org.evil.test/cb',
    ])('refuses %s', (url) => {
      expect(outboundUrlProblem(url, allowlist)).toBe('is not on the callback allow-list');
    });
  });
});

describe(hostMatches.name, () => {
  it.each([
    ['a.example.com', '*.example.com', true],
    ['x.a.example.com', '*.example.com', true],
    ['example.com', '*.example.com', false],
    ['badexample.com', '*.example.com', false],
    ['example.com', 'EXAMPLE.com', true],
    ['::1', '[::1]', true],
  ])('%s against %s: %s', (host, pattern, expected) => {
    expect(hostMatches(host, pattern)).toBe(expected);
  });
});

describe(mustScreenAddresses.name, () => {
  it('screens resolved addresses unless the host was listed explicitly', () => {
    expect(mustScreenAddresses('https://example.com/cb', [])).toBe(true);
    expect(mustScreenAddresses('http://127.0.0.1/cb', ['127.0.0.1'])).toBe(false);
  });
});

describe(isPrivateAddress.name, () => {
  it.each([
    '0.0.0.0',
    '10.0.0.1',
    '100.64.0.1',
    '127.0.0.1',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fc00::1',
    'fe80::1',
    'ff02::1',
    '::ffff:10.0.0.1',
    'not-an-ip',
  ])('%s is private', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => expect(isPrivateAddress(address)).toBe(false),
  );
});

describe('IPv4-mapped IPv6 in hex', () => {
  it('is judged by the IPv4 address it maps', () => {
    expect(isPrivateAddress('::ffff:c0a8:1')).toBe(true);
    expect(isPrivateAddress('::ffff:808:808')).toBe(false);
  });
});
