import { Injectable } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CoordinatorConfig } from '../config/coordinator-config';
import { mustScreenAddresses } from '../http/outbound-url-policy';
import { publicOnlyLookup } from '../http/public-only-lookup';
import { ProcessorSigner } from './processor-signer';
import { signatureHeaders } from './signed-response';

export type DeliveryResult = { delivered: true; httpStatus: number } | { delivered: false; error: string };

/**
 * POSTs one signed callback. Redirects are not followed (a redirect could lead past the allow-list), and for hosts
 * not explicitly listed the addresses a name resolves to are checked while connecting, so DNS cannot point the
 * coordinator at a private address either.
 */
@Injectable()
export class CallbackSender {
  constructor(private readonly config: CoordinatorConfig) {}

  deliver(url: string, body: object, signer: ProcessorSigner): Promise<DeliveryResult> {
    const text = JSON.stringify(body);
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const screen = mustScreenAddresses(url, this.config.opendsr.callbackAllowlist);
    return new Promise((resolve) => {
      const request = send(
        target,
        {
          method: 'POST',
          timeout: this.config.opendsr.callbackTimeoutMs,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
            'user-agent': 'lethe-opendsr',
            ...signatureHeaders(text, signer),
          },
          ...(screen ? { lookup: publicOnlyLookup } : {}),
        },
        (response) => {
          response.resume();
          const status = response.statusCode ?? 0;
          resolve(
            status >= 200 && status < 300
              ? { delivered: true, httpStatus: status }
              : { delivered: false, error: `HTTP ${status}` },
          );
        },
      );
      request.on('timeout', () => request.destroy(new Error('timed out')));
      request.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ delivered: false, error: (error.code ?? error.message).slice(0, 200) }),
      );
      request.end(text);
    });
  }
}
