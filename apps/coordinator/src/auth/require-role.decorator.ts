import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { Role } from './role';

export const REQUIRED_ROLE = 'lethe:required-role';

/**
 * Declares the role a route (or every route of a controller) needs, replacing the default of `auditor` for
 * GET/HEAD and `operator` otherwise. For example `@RequireRole('admin')` on key and service administration.
 */
export const RequireRole = (role: Role) =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLE, role),
    ApiForbiddenResponse({ description: `the API key does not have the ${role} role` }),
  );
