import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type Redis from 'ioredis';
import type { Env } from '@app/config';
import { InjectRedis } from '@app/queues';
import { sha256Hex } from '../hashing';

const MAX_LOCK_SECONDS = 15 * 60;
const FAILURE_MEMORY_SECONDS = 60 * 60;

/**
 * Slows down password guessing against one account, whichever addresses it comes from: after the
 * threshold, each failure locks the account for twice as long as the last (1 s, 2 s, 4 s … 15 min).
 * Kept in Redis so every API instance sees the same counts.
 */
@Injectable()
export class LoginLockoutService {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly config: ConfigService<Env, true>,
  ) {}

  /** Seconds the account must still wait, or 0. */
  async retryAfter(email: string): Promise<number> {
    const ttl = await this.redis.pttl(this.lockKey(email));
    return ttl > 0 ? Math.ceil(ttl / 1000) : 0;
  }

  async recordFailure(email: string): Promise<void> {
    const failures = await this.redis.incr(this.failuresKey(email));
    await this.redis.expire(this.failuresKey(email), FAILURE_MEMORY_SECONDS);
    const over = failures - this.config.get('LOGIN_LOCKOUT_THRESHOLD', { infer: true });
    if (over >= 0) {
      const seconds = Math.min(2 ** Math.min(over, 20), MAX_LOCK_SECONDS);
      await this.redis.set(this.lockKey(email), '1', 'EX', seconds);
    }
  }

  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.failuresKey(email), this.lockKey(email));
  }

  // Hashed so the keys in Redis do not list who has an account.
  private failuresKey(email: string): string {
    return `${this.prefix()}:login-failures:${sha256Hex(email.trim().toLowerCase())}`;
  }

  private lockKey(email: string): string {
    return `${this.prefix()}:login-lock:${sha256Hex(email.trim().toLowerCase())}`;
  }

  private prefix(): string {
    return this.config.get('QUEUE_PREFIX', { infer: true });
  }
}
