import type { Response } from 'express';
import { HEADER_FAMILIES, processorDomainHeader, signatureHeader } from './opendsr-protocol';
import { ProcessorSigner } from './processor-signer';

/** The processor headers of a body, under the current and the legacy names (spec §8.3, §8.6, §10.1). */
export function signatureHeaders(text: string, signer: ProcessorSigner): Record<string, string> {
  const signature = signer.sign(text);
  const headers: Record<string, string> = {};
  for (const family of HEADER_FAMILIES) {
    headers[processorDomainHeader(family)] = signer.processorDomain;
    headers[signatureHeader(family)] = signature;
  }
  return headers;
}

/**
 * Writes the JSON itself rather than leaving it to the framework, so the bytes the signature covers are the bytes
 * sent. Without a signer (OpenDSR not configured) the body goes unsigned: that is the not-configured error.
 */
export function sendSigned(
  response: Response,
  status: number,
  body: object,
  signer: ProcessorSigner | null,
): void {
  const text = JSON.stringify(body);
  if (signer) response.set(signatureHeaders(text, signer));
  response.status(status).type('application/json').set('Cache-Control', 'no-store').send(text);
}
