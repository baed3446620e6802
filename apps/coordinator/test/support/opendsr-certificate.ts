import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  keyFile: string;
  certificateFile: string;
  certificatePem: string;
}

/**
 * A throw-away RSA key and self-signed certificate for `domain`, made with the openssl CLI as the demo does. (The
 * spec wants a CA-issued certificate in production; a test only needs one whose key signs.)
 */
export function makeTestCertificate(domain: string): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'lethe-opendsr-'));
  const keyFile = join(dir, 'opendsr-key.pem');
  const certificateFile = join(dir, 'opendsr-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certificateFile,
      '-days',
      '2',
      '-subj',
      `/CN=${domain}`,
    ],
    { stdio: 'ignore' },
  );
  return { keyFile, certificateFile, certificatePem: readFileSync(certificateFile, 'utf8') };
}
