import { EnvReader } from '@lethe/config';
import { createPrivateKey, createSign, createVerify, X509Certificate } from 'node:crypto';

/** The OpenDSR processor endpoints' settings (docs/opendsr.md). */
export interface OpenDsrSettings {
  /** PEM of the RSA key responses and callbacks are signed with; null leaves the OpenDSR routes unavailable. */
  privateKeyPem: string | null;
  /** PEM of the X.509 certificate for that key, served at the discovery's processor_certificate URL. */
  certificatePem: string | null;
  /** Sent as X-OpenDSR-Processor-Domain; the certificate should be issued to it. */
  processorDomain: string;
  /** Our identity for the controller (controller_id in every response). */
  controllerId: string;
  /** Public base URL of the coordinator, for the certificate link; without it the request's own host is used. */
  publicUrl: string | null;
  /** Host patterns callbacks may go to (`example.com`, `*.example.com`, `127.0.0.1`); empty: public hosts only. */
  callbackAllowlist: string[];
  pollIntervalMs: number;
  callbackMaxAttempts: number;
  callbackBaseDelayMs: number;
  callbackMaxDelayMs: number;
  callbackTimeoutMs: number;
}

const HOST_PATTERN =
  /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$|^\[?[0-9a-f:.]+\]?$/i;

export function loadOpenDsrSettings(read: EnvReader): OpenDsrSettings {
  const settings: OpenDsrSettings = {
    privateKeyPem: read.optionalSecret('LETHE_OPENDSR_PRIVATE_KEY'),
    certificatePem: read.optionalSecret('LETHE_OPENDSR_CERTIFICATE'),
    processorDomain: read.string('LETHE_OPENDSR_PROCESSOR_DOMAIN', 'localhost'),
    controllerId: read.string('LETHE_OPENDSR_CONTROLLER_ID', 'lethe'),
    publicUrl: read.optionalUrl('LETHE_PUBLIC_URL', ['http:', 'https:']),
    callbackAllowlist: read.optionalList('LETHE_OPENDSR_CALLBACK_ALLOWLIST').map((h) => h.toLowerCase()),
    pollIntervalMs: read.int('LETHE_OPENDSR_POLL_INTERVAL_MS', 1000, { min: 10, max: 60_000 }),
    callbackMaxAttempts: read.int('LETHE_OPENDSR_CALLBACK_MAX_ATTEMPTS', 12, { min: 1, max: 100 }),
    callbackBaseDelayMs: read.int('LETHE_OPENDSR_CALLBACK_BASE_DELAY_MS', 30_000, { min: 1 }),
    callbackMaxDelayMs: read.int('LETHE_OPENDSR_CALLBACK_MAX_DELAY_MS', 6 * 60 * 60_000, { min: 1 }),
    callbackTimeoutMs: read.int('LETHE_OPENDSR_CALLBACK_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
  };
  for (const host of settings.callbackAllowlist) {
    if (!HOST_PATTERN.test(host))
      read.problem(`LETHE_OPENDSR_CALLBACK_ALLOWLIST: ${host} is not a host pattern`);
  }
  if (settings.callbackBaseDelayMs > settings.callbackMaxDelayMs) {
    read.problem('LETHE_OPENDSR_CALLBACK_BASE_DELAY_MS must not exceed LETHE_OPENDSR_CALLBACK_MAX_DELAY_MS');
  }
  const problem = keyPairProblem(settings.privateKeyPem, settings.certificatePem);
  if (problem) read.problem(problem);
  return settings;
}

/** Both or neither; an RSA key; and the certificate must be the key's, or no controller could verify a thing. */
function keyPairProblem(keyPem: string | null, certificatePem: string | null): string | undefined {
  if (!keyPem && !certificatePem) return undefined;
  if (!keyPem || !certificatePem) {
    return 'LETHE_OPENDSR_PRIVATE_KEY and LETHE_OPENDSR_CERTIFICATE must be set together';
  }
  try {
    const key = createPrivateKey(keyPem);
    if (key.asymmetricKeyType !== 'rsa') return 'LETHE_OPENDSR_PRIVATE_KEY must be an RSA key';
    const certificate = new X509Certificate(certificatePem);
    const probe = Buffer.from('lethe-opendsr-key-check');
    const signature = createSign('sha256').update(probe).sign(key);
    if (!verifies(certificate, probe, signature)) {
      return 'LETHE_OPENDSR_CERTIFICATE is not the certificate of LETHE_OPENDSR_PRIVATE_KEY';
    }
    return undefined;
  } catch {
    // the parse error could quote part of the key, so it is not repeated
    return 'LETHE_OPENDSR_PRIVATE_KEY or LETHE_OPENDSR_CERTIFICATE is not valid PEM';
  }
}

function verifies(certificate: X509Certificate, data: Buffer, signature: Buffer): boolean {
  return createVerify('sha256').update(data).verify(certificate.publicKey, signature);
}
