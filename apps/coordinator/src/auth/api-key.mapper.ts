import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyResponse } from './dto/api-key.response';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toApiKeyResponse(key: ApiKeyEntity): ApiKeyResponse {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    prefix: key.prefix,
    createdAt: key.createdAt.toISOString(),
    createdBy: key.createdBy,
    revokedAt: iso(key.revokedAt),
    revokedBy: key.revokedBy,
    lastUsedAt: iso(key.lastUsedAt),
  };
}
