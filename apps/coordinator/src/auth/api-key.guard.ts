import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACTOR_PROPERTY } from './actor.decorator';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { CALLER_PROPERTY } from './caller.decorator';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLE } from './require-role.decorator';
import { requiredRole, Role, roleIncludes } from './role';

interface HttpRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  [property: string]: unknown;
}

interface HttpResponse {
  setHeader(name: string, value: string): void;
}

/**
 * Every HTTP route needs `Authorization: Bearer <api key>` unless marked @Public(), and a role: `auditor` to read,
 * `operator` to change anything, or what @RequireRole() declares. The policy lives here so controllers stay clean.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Kafka handlers of the hybrid app are authenticated by message signatures instead
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const presented = bearerToken(request.headers.authorization);
    if (!presented) {
      throw unauthorized(http.getResponse(), 'missing API key: send Authorization: Bearer <api key>');
    }
    const caller = await this.authenticator.authenticate(presented);
    if (!caller) throw unauthorized(http.getResponse(), 'invalid or revoked API key');

    const needed = requiredRole(
      request.method,
      this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets),
    );
    if (!roleIncludes(caller.role, needed)) {
      throw new ForbiddenException(
        `this action needs the ${needed} role; the API key has the ${caller.role} role`,
      );
    }
    request[CALLER_PROPERTY] = caller;
    request[ACTOR_PROPERTY] = caller.actor;
    return true;
  }
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return /^Bearer\s+(\S+)\s*$/i.exec(value ?? '')?.[1];
}

function unauthorized(response: HttpResponse, message: string): UnauthorizedException {
  response.setHeader('WWW-Authenticate', 'Bearer realm="lethe"');
  return new UnauthorizedException(message);
}
