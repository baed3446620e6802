import { createParamDecorator, ExecutionContext } from '@nestjs/common';

export const ACTOR_PROPERTY = 'letheActor';

/** The authenticated caller, as recorded in the audit ledger (e.g. `api-key:bootstrap`, `api-key:<key name>`). */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<Record<string, unknown>>();
  return String(request[ACTOR_PROPERTY]);
});
