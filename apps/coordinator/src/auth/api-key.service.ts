import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { LedgerRepository } from '../ledger/ledger.repository';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyErrorCode, ApiKeyException } from './api-key.exception';
import { toApiKeyResponse } from './api-key.mapper';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { issueApiKey } from './api-key-secret';
import { BOOTSTRAP_KEY_NAME, isReservedKeyName } from './caller';
import { ApiKeyResponse, CreatedApiKeyResponse } from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

/** Audit stream of key administration; events name the key by id, name and prefix, never the key. */
export const API_KEYS_STREAM = 'api-keys';

const UNIQUE_VIOLATION = '23505';
const NAME_INDEX = 'ux_api_keys_name';

@Injectable()
export class ApiKeyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly clock: Clock,
  ) {}

  /** Issues a key and records it in the audit ledger, in one transaction. The key is returned only here. */
  async create(input: CreateApiKeyDto, actor: string): Promise<CreatedApiKeyResponse> {
    if (isReservedKeyName(input.name))
      throw nameTaken(input.name, `${BOOTSTRAP_KEY_NAME} is reserved for LETHE_ADMIN_API_KEY`);
    const issued = issueApiKey();
    const now = this.clock.now();
    const key: ApiKeyEntity = {
      id: randomUUID(),
      name: input.name,
      role: input.role,
      prefix: issued.prefix,
      keyHash: issued.hash,
      createdAt: now,
      createdBy: actor,
      revokedAt: null,
      revokedBy: null,
      lastUsedAt: null,
    };
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.getRepository(ApiKeyEntity).insert(key);
        await this.ledger.append(
          manager,
          API_KEYS_STREAM,
          [
            {
              type: 'api-key.created',
              actor,
              data: { keyId: key.id, name: key.name, role: key.role, prefix: key.prefix },
            },
          ],
          now,
        );
      });
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === UNIQUE_VIOLATION && constraint === NAME_INDEX) {
        throw nameTaken(
          input.name,
          'a key with this name exists or existed (names are unique ignoring case, also after revocation)',
          error,
        );
      }
      throw error;
    }
    return { ...toApiKeyResponse(key), key: issued.key };
  }

  async list(): Promise<ApiKeyResponse[]> {
    const keys = await this.dataSource
      .getRepository(ApiKeyEntity)
      .find({ order: { createdAt: 'DESC', id: 'ASC' } });
    return keys.map(toApiKeyResponse);
  }

  /** Revokes a key for good. Revoking a revoked key changes nothing and records nothing. */
  async revoke(id: string, actor: string): Promise<void> {
    const keyHash = await this.dataSource.transaction(async (manager) => {
      const keys = manager.getRepository(ApiKeyEntity);
      const key = await keys
        .createQueryBuilder('k')
        .setLock('pessimistic_write')
        .where('k.id = :id', { id })
        .getOne();
      if (!key) throw new ApiKeyException(ApiKeyErrorCode.NotFound, `API key ${id} does not exist`);
      if (key.revokedAt) return key.keyHash;
      const now = this.clock.now();
      await keys.update({ id }, { revokedAt: now, revokedBy: actor });
      await this.ledger.append(
        manager,
        API_KEYS_STREAM,
        [{ type: 'api-key.revoked', actor, data: { keyId: key.id, name: key.name, prefix: key.prefix } }],
        now,
      );
      return key.keyHash;
    });
    this.authenticator.forget(keyHash);
  }
}

function nameTaken(name: string, why: string, cause?: unknown): ApiKeyException {
  return new ApiKeyException(
    ApiKeyErrorCode.NameTaken,
    `an API key named ${JSON.stringify(name)} cannot be created: ${why}`,
    false,
    { cause },
  );
}
