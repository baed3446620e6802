import { createVerify, generateKeyPairSync } from 'node:crypto';
import { ProcessorSigner, withProcessorSignature } from './processor-signer';
import { signatureHeaders } from './signed-response';

describe(ProcessorSigner.name, () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signer = new ProcessorSigner(
    privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    '-----CERTIFICATE-----',
    'processor.example',
  );
  const verifies = (text: string, signature: string) =>
    createVerify('sha256').update(text).verify(publicKey, signature, 'base64');

  it('signs with RSA-SHA256, base64, verifiable with the public key', () => {
    const signature = signer.sign('{"a":1}');
    expect(signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(verifies('{"a":1}', signature)).toBe(true);
    expect(verifies('{"a":2}', signature)).toBe(false);
  });

  it('puts processor_signature last, over the JSON of the other fields in order', () => {
    const body = withProcessorSignature({ controller_id: 'c', subject_request_id: 's' }, signer);
    expect(Object.keys(body)).toEqual(['controller_id', 'subject_request_id', 'processor_signature']);
    const { processor_signature: signature, ...rest } = body;
    expect(verifies(JSON.stringify(rest), signature)).toBe(true);
  });

  it('gives the domain and signature under the OpenDSR, OpenGDPR and OpenCompliance names', () => {
    const headers = signatureHeaders('{}', signer);
    for (const family of ['OpenDSR', 'OpenGDPR', 'OpenCompliance']) {
      expect(headers[`X-${family}-Processor-Domain`]).toBe('processor.example');
      expect(verifies('{}', headers[`X-${family}-Signature`])).toBe(true);
    }
  });
});
