import { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * The API answers JSON only, so its responses may load nothing and be framed nowhere. The Swagger UI under /docs
 * loads its scripts from this origin but carries inline <style> blocks, so it alone gets 'unsafe-inline' styles
 * (never inline script). The dashboard sets its own, equally strict policy on its files.
 */
const API_DIRECTIVES = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

const DOCS_DIRECTIVES = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

function headers(directives: Record<string, string[]>): RequestHandler {
  return helmet({
    // useDefaults off: helmet's defaults add upgrade-insecure-requests, which breaks a plain-HTTP deployment
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

export function securityHeaders(docsPath: string): RequestHandler {
  const api = headers(API_DIRECTIVES);
  const docs = headers(DOCS_DIRECTIVES);
  const prefix = `/${docsPath}`;
  return function securityHeaders(request: Request, response: Response, next: NextFunction): void {
    const isDocs =
      request.path === prefix ||
      request.path.startsWith(`${prefix}/`) ||
      request.path.startsWith(`${prefix}-`);
    (isDocs ? docs : api)(request, response, next);
  };
}
