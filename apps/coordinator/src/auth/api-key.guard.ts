import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import { CoordinatorConfig } from '../config/coordinator-config';
import { ACTOR_PROPERTY } from './actor.decorator';
import { IS_PUBLIC } from './public.decorator';

/** Every HTTP route needs `Authorization: Bearer <api key>` unless marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly adminKeyDigest: Buffer;

  constructor(
    private readonly reflector: Reflector,
    config: CoordinatorConfig,
  ) {
    this.adminKeyDigest = digest(config.adminApiKey);
  }

  canActivate(context: ExecutionContext): boolean {
    // Kafka handlers of the hybrid app are authenticated by message signatures instead
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]))
      return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new UnauthorizedException('missing API key: send Authorization: Bearer <api key>');
    // comparing digests keeps the comparison constant-time whatever the length of the presented key
    if (!timingSafeEqual(digest(match[1]), this.adminKeyDigest)) {
      throw new UnauthorizedException('invalid API key');
    }
    (request as unknown as Record<string, unknown>)[ACTOR_PROPERTY] = 'api-key:bootstrap-admin';
    return true;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
