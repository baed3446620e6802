import { Injectable } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CoordinatorConfig } from '../config/coordinator-config';
import { mustScreenAddresses } from '../http/outbound-url-policy';
import { publicOnlyLookup } from '../http/public-only-lookup';

export type HttpReply =
  { ok: true; status: number; text: string; headers: Record<string, string> } | { ok: false; error: string };

const MAX_REPLY_BYTES = 64 * 1024;

/**
 * The one HTTP client that reaches targets. Redirects are not followed (one could lead past the allow-list), hosts
 * not explicitly listed are screened at connect time (no DNS trick reaches a private address), every call is
 * bounded by the target timeout, and a reply is read up to 64 kB.
 */
@Injectable()
export class TargetHttp {
  constructor(private readonly config: CoordinatorConfig) {}

  send(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<HttpReply> {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const screen = mustScreenAddresses(url, this.config.targets.urlAllowlist);
    return new Promise((resolve) => {
      const request = send(
        target,
        {
          method,
          timeout: this.config.targets.requestTimeoutMs,
          headers: {
            accept: 'application/json',
            'user-agent': 'lethe-coordinator',
            ...(body === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
            ...headers,
          },
          ...(screen ? { lookup: publicOnlyLookup } : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_REPLY_BYTES) response.destroy(new Error('the reply is larger than 64 kB'));
            else chunks.push(chunk);
          });
          response.on('error', (error) => resolve({ ok: false, error: error.message.slice(0, 200) }));
          response.on('end', () => {
            const replyHeaders: Record<string, string> = {};
            for (const [name, value] of Object.entries(response.headers)) {
              if (typeof value === 'string') replyHeaders[name.toLowerCase()] = value;
            }
            resolve({
              ok: true,
              status: response.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
              headers: replyHeaders,
            });
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error('timed out')));
      request.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ ok: false, error: (error.code ?? error.message).slice(0, 200) }),
      );
      request.end(body);
    });
  }
}
