import { Injectable } from '@nestjs/common';
import { SubjectIdentity } from '@lethe/deletion-sdk/protocol';
import { createVerify, X509Certificate } from 'node:crypto';
import { OPENDSR_API_VERSION, OPENDSR_IDENTITY_TYPES } from '../opendsr/opendsr-protocol';
import { HttpReply, TargetHttp } from './target-http';

/** The processor's header signature (spec §8.3), under the current name or the earlier ones (§10.1). */
const SIGNATURE_HEADERS = ['x-opendsr-signature', 'x-opengdpr-signature', 'x-opencompliance-signature'];

export type Discovery = { ok: true; certificatePem: string } | { ok: false; reason: string };

/**
 * Lethe as an OpenDSR controller toward a processor: discovery, request submission and status, each response's
 * signature verified against the processor's certificate (RSA-SHA256 over the body as sent, like Lethe's own
 * processor endpoints sign, opendsr/processor-signer.ts).
 */
@Injectable()
export class OpenDsrClient {
  constructor(private readonly http: TargetHttp) {}

  /** Reads the discovery, fetches the certificate it names, and checks that the discovery was signed with it. */
  async discover(
    baseUrl: string,
    token: string | null,
    urlProblem: (url: string) => string | undefined,
  ): Promise<Discovery> {
    const discovery = await this.http.send('GET', `${trimmed(baseUrl)}/discovery`, auth(token));
    if (!discovery.ok) return { ok: false, reason: `discovery unreachable: ${discovery.error}` };
    if (discovery.status !== 200) return { ok: false, reason: `discovery answered HTTP ${discovery.status}` };
    const body = parse(discovery.text) as {
      processor_certificate?: unknown;
      supported_subject_request_types?: unknown;
    };
    if (typeof body?.processor_certificate !== 'string') {
      return { ok: false, reason: 'the discovery names no processor_certificate' };
    }
    if (
      Array.isArray(body.supported_subject_request_types) &&
      !body.supported_subject_request_types.includes('erasure')
    ) {
      return { ok: false, reason: 'the processor does not support erasure requests' };
    }
    const problem = urlProblem(body.processor_certificate);
    if (problem) return { ok: false, reason: `the processor_certificate URL ${problem}` };
    const certificate = await this.http.send('GET', body.processor_certificate, {});
    if (!certificate.ok || certificate.status !== 200)
      return { ok: false, reason: 'the certificate could not be fetched' };
    try {
      new X509Certificate(certificate.text);
    } catch {
      return { ok: false, reason: 'the processor_certificate is not an X.509 certificate' };
    }
    if (!verifiesReply(certificate.text, discovery)) {
      return { ok: false, reason: 'the discovery is not signed with the processor certificate' };
    }
    return { ok: true, certificatePem: certificate.text };
  }

  submit(
    baseUrl: string,
    token: string | null,
    request: {
      subjectRequestId: string;
      regulation: string;
      submittedAt: Date;
      identities: SubjectIdentity[];
      callbackUrl: string;
    },
  ): Promise<HttpReply> {
    const body = JSON.stringify({
      regulation: request.regulation,
      subject_request_id: request.subjectRequestId,
      subject_request_type: 'erasure',
      submitted_time: request.submittedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      subject_identities: request.identities
        .filter((identity) => (OPENDSR_IDENTITY_TYPES as readonly string[]).includes(identity.type))
        .map((identity) => ({
          identity_type: identity.type,
          identity_value: identity.value,
          identity_format: 'raw',
        })),
      api_version: OPENDSR_API_VERSION,
      status_callback_urls: [request.callbackUrl],
    });
    return this.http.send('POST', `${trimmed(baseUrl)}/requests`, auth(token), body);
  }

  statusUrl(baseUrl: string, subjectRequestId: string): string {
    return `${trimmed(baseUrl)}/requests/${subjectRequestId}`;
  }

  status(url: string, token: string | null): Promise<HttpReply> {
    return this.http.send('GET', url, auth(token));
  }
}

/** Whether a reply carries a valid processor signature over its body. */
export function verifiesReply(certificatePem: string, reply: HttpReply): boolean {
  if (!reply.ok) return false;
  return verifiesBody(
    certificatePem,
    reply.text,
    SIGNATURE_HEADERS.map((name) => reply.headers[name]),
  );
}

export function verifiesBody(
  certificatePem: string,
  text: string,
  signatures: (string | undefined)[],
): boolean {
  const signature = signatures.find((value) => typeof value === 'string' && value.length > 0);
  if (!signature) return false;
  try {
    return createVerify('sha256')
      .update(text, 'utf8')
      .verify(new X509Certificate(certificatePem).publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

export const OPENDSR_SIGNATURE_HEADERS = SIGNATURE_HEADERS;

function auth(token: string | null): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

function trimmed(url: string): string {
  return url.replace(/\/+$/, '');
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
