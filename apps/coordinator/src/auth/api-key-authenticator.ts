import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { ApiKeyEntity } from './api-key.entity';
import { apiKeyPrefix } from './api-key-secret';
import { apiKeyActor, AuthenticatedCaller, BOOTSTRAP_CALLER } from './caller';
import { ExpiringCache } from './expiring-cache';

type StoredKey = Pick<ApiKeyEntity, 'id' | 'name' | 'role' | 'prefix' | 'revokedAt' | 'lastUsedAt'>;

const MAX_CACHED_KEYS = 10_000;
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves a presented API key to a caller: the bootstrap key from LETHE_ADMIN_API_KEY, or an issued key looked
 * up by its digest. Lookups are cached for LETHE_API_KEY_CACHE_TTL_MS; a revocation clears this replica's entry at
 * once, so other replicas may honour a revoked key for at most that long.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);
  private readonly bootstrapDigest: Buffer;
  private readonly cache: ExpiringCache<StoredKey>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    config: CoordinatorConfig,
  ) {
    this.bootstrapDigest = createHash('sha256').update(config.adminApiKey, 'utf8').digest();
    this.cache = new ExpiringCache(config.apiKeyCacheTtlMs, MAX_CACHED_KEYS);
  }

  /** The caller the key stands for; undefined when the key is unknown or revoked. */
  async authenticate(presented: string): Promise<AuthenticatedCaller | undefined> {
    const digest = createHash('sha256').update(presented, 'utf8').digest();
    // comparing digests keeps the comparison constant-time whatever the length of the presented key
    if (timingSafeEqual(digest, this.bootstrapDigest)) return BOOTSTRAP_CALLER;
    // anything we cannot have issued is refused without a database round trip
    if (!apiKeyPrefix(presented)) return undefined;

    const key = await this.lookup(digest.toString('hex'));
    if (!key) return undefined;
    if (key.revokedAt) {
      this.logger.warn(`refused revoked API key ${key.prefix} (${key.name})`);
      return undefined;
    }
    await this.recordUse(key);
    return { actor: apiKeyActor(key.name), role: key.role, keyId: key.id };
  }

  /** Call after a revocation committed: from the next request on, this replica refuses the key. */
  forget(keyHash: string): void {
    this.cache.invalidate(keyHash);
  }

  private async lookup(keyHash: string): Promise<StoredKey | undefined> {
    const cached = this.cache.get(keyHash);
    if (cached) return cached;
    const version = this.cache.version();
    const key = await this.dataSource.getRepository(ApiKeyEntity).findOne({
      where: { keyHash },
      select: { id: true, name: true, role: true, prefix: true, revokedAt: true, lastUsedAt: true },
    });
    // unknown keys are not cached, so guessing cannot fill the cache
    if (key) this.cache.set(keyHash, key, version);
    return key ?? undefined;
  }

  /** Keeps last_used_at to the minute without a write per request; a failed write does not fail the request. */
  private async recordUse(key: StoredKey): Promise<void> {
    const now = this.clock.now();
    if (key.lastUsedAt && now.getTime() - key.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
    key.lastUsedAt = now;
    try {
      await this.dataSource.getRepository(ApiKeyEntity).update({ id: key.id }, { lastUsedAt: now });
    } catch (error) {
      this.logger.warn(
        `could not record the use of API key ${key.prefix}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
