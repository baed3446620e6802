import { createPrivateKey, createSign, KeyObject } from 'node:crypto';

/**
 * Signs what the coordinator sends as an OpenDSR processor: RSASSA-PKCS1-v1_5 with SHA-256 (FIPS 186-4) over the
 * exact bytes of a body, base64-encoded. A controller verifies with the public key of the certificate the
 * discovery's processor_certificate URL serves.
 */
export class ProcessorSigner {
  private readonly key: KeyObject;

  constructor(
    privateKeyPem: string,
    readonly certificatePem: string,
    readonly processorDomain: string,
  ) {
    this.key = createPrivateKey(privateKeyPem);
  }

  sign(text: string): string {
    return createSign('sha256').update(text, 'utf8').sign(this.key, 'base64');
  }
}

/**
 * A body carrying its own `processor_signature` (creation and cancellation receipts, spec §7.3 and §9.2): the
 * signature is over the JSON of every other field, serialised exactly as they appear in the sent body, in order.
 * A controller checks it by removing the field and re-serialising, or simply checks the header signature, which
 * covers the whole body as sent.
 */
export function withProcessorSignature<T extends object>(
  body: T,
  signer: ProcessorSigner,
): T & { processor_signature: string } {
  return { ...body, processor_signature: signer.sign(JSON.stringify(body)) };
}
