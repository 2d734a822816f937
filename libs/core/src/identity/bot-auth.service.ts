import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Env } from '@app/config';
import { InjectRedis, RedisClient } from '@app/queues';
import { BotEntity, UserEntity } from '../entities';
import { API_KEY_PREFIX, hashApiKey } from './secrets';

export interface AuthenticatedBot {
  kind: 'bot';
  botId: string;
  name: string;
  ownerUserId: string;
}

// last_used_at is a hint for admins, not an audit trail: writing it on every request would turn
// each read into a write, so it is refreshed at most once a minute per key.
const LAST_USED_RESOLUTION_MS = 60_000;
/** The safety net: how long a cached key may outlive a revocation whose epoch bump was lost. */
const CACHE_TTL_MS = 30_000;
const CACHE_MAX_ENTRIES = 10_000;

interface CachedBot {
  bot: AuthenticatedBot;
  epoch: string;
  loadedAt: number;
  lastUsedAt: number;
}

/**
 * Authenticates bot keys. Found keys are cached in this process for a short while, tagged with the
 * identity epoch, a counter in Redis that every revocation and owner disabling bumps once committed.
 * Each request reads the epoch (one Redis GET instead of a PostgreSQL join), so a revoked key is
 * refused on the very next request on every instance. When Redis cannot be read, nothing is cached
 * or served from the cache: the database answers, so a revoked key is never accepted. If a bump
 * itself is lost (Redis down just as a key is revoked), the TTL bounds how long another instance
 * may still accept the key: at most CACHE_TTL_MS.
 */
@Injectable()
export class BotAuthService {
  private readonly logger = new Logger(BotAuthService.name);
  private readonly cache = new Map<string, CachedBot>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async authenticate(apiKey: string): Promise<AuthenticatedBot | null> {
    if (!apiKey.startsWith(API_KEY_PREFIX) || apiKey.length > 200) return null;
    const hash = hashApiKey(apiKey);
    // Read before the database, so a revocation committed after the load carries a newer epoch.
    const epoch = await this.readEpoch();
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && epoch !== null && cached.epoch === epoch && now - cached.loadedAt < CACHE_TTL_MS) {
      if (now - cached.lastUsedAt > LAST_USED_RESOLUTION_MS) this.touch(cached, now);
      return cached.bot;
    }
    this.cache.delete(hash);
    const row = await this.load(hash);
    if (!row) return null;
    const entry: CachedBot = {
      bot: { kind: 'bot', botId: row.id, name: row.name, ownerUserId: row.ownerUserId },
      epoch: epoch ?? '',
      loadedAt: now,
      lastUsedAt: row.lastUsedAt?.getTime() ?? 0,
    };
    if (now - entry.lastUsedAt > LAST_USED_RESOLUTION_MS) this.touch(entry, now);
    if (epoch !== null) this.remember(hash, entry);
    return entry.bot;
  }

  /**
   * Makes every instance drop its cached keys. Called after a change that may end a key (revocation,
   * owner disabled) has committed; a failure is logged, not thrown, as the change itself stands.
   */
  async invalidate(): Promise<void> {
    try {
      await this.redis.incr(this.epochKey());
    } catch (err) {
      this.logger.warn(
        `could not bump the identity epoch; cached keys expire within ${CACHE_TTL_MS} ms: ${String(err)}`,
      );
    }
    this.cache.clear();
  }

  private async load(hash: string): Promise<BotEntity | null> {
    // A bot acts for its owner: once the owner is disabled, so is the bot.
    return this.dataSource
      .getRepository(BotEntity)
      .createQueryBuilder('bot')
      .innerJoin(UserEntity, 'owner', 'owner.id = bot.ownerUserId AND owner.disabledAt IS NULL')
      .where('bot.keyHash = :hash AND bot.revokedAt IS NULL', { hash })
      .getOne();
  }

  private async readEpoch(): Promise<string | null> {
    try {
      return (await this.redis.get(this.epochKey())) ?? '0';
    } catch {
      return null;
    }
  }

  private remember(hash: string, entry: CachedBot): void {
    // Maps iterate in insertion order, so the first key is the oldest entry.
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(hash, entry);
  }

  /** Fire and forget: a failed hint must never fail the request it rode on. */
  private touch(entry: CachedBot, now: number): void {
    entry.lastUsedAt = now;
    this.dataSource
      .getRepository(BotEntity)
      .update({ id: entry.bot.botId }, { lastUsedAt: new Date(now) })
      .catch((err) => this.logger.warn(`could not record last use of a bot key: ${String(err)}`));
  }

  private epochKey(): string {
    return `${this.config.get('QUEUE_PREFIX', { infer: true })}:identity:epoch`;
  }
}
