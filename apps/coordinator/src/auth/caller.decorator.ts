import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AuthenticatedCaller } from './caller';

export const CALLER_PROPERTY = 'letheCaller';

/** The authenticated caller `{actor, role, keyId}`, for handlers that depend on who is asking. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedCaller => {
  const request = context.switchToHttp().getRequest<Record<string, unknown>>();
  return request[CALLER_PROPERTY] as AuthenticatedCaller;
});
