import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '@app/config';
import { InjectRedis, RedisClient } from '@app/queues';
import { sha256Hex } from '../hashing';

// Locks start long enough that a burst still in flight when the threshold is reached cannot outlast
// the first lock (at 1 s, slow hashing let a sixth guess through), then double.
/** One account from one address: a minute, doubling up to a quarter hour. */
const ADDRESS_LOCK_SECONDS = { first: 60, max: 15 * 60 };
/** One account from everywhere: the most anyone else's failures can cost its owner is a minute. */
const ACCOUNT_LOCK_SECONDS = { first: 15, max: 60 };
/** The account-wide slow-down starts after this many times the per-address threshold. */
const ACCOUNT_THRESHOLD_FACTOR = 4;
const FAILURE_MEMORY_SECONDS = 60 * 60;

// One script, so that checking the locks and counting the attempt are one step: a burst of parallel
// guesses cannot all pass the check before the first of them is counted. An attempt counts as a
// failure until the password proves it was not one (release).
const RESERVE = `
local wait = math.max(redis.call('PTTL', KEYS[2]), redis.call('PTTL', KEYS[4]))
if wait > 0 then return wait end
local function count(failures, lock, threshold, first, max)
  local n = redis.call('INCR', failures)
  redis.call('EXPIRE', failures, ARGV[7])
  if n >= threshold then
    redis.call('SET', lock, '1', 'EX', math.min(first * 2 ^ math.min(n - threshold, 20), max))
  end
end
count(KEYS[1], KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
count(KEYS[3], KEYS[4], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]))
return 0`;

const RELEASE = `
redis.call('DEL', KEYS[1], KEYS[2])
if redis.call('DECR', KEYS[3]) <= 0 then redis.call('DEL', KEYS[3]) end
return 0`;

interface LockoutCommands {
  loginReserve(...keysThenArgs: (string | number)[]): Promise<number>;
  loginRelease(...keys: string[]): Promise<number>;
}

/**
 * Slows password guessing. Per account and client address: reaching the threshold locks that pair
 * for a minute, and each attempt after for twice as long as the last, up to 15 min. Per account from
 * every address: from four times the threshold, 15 s doubling up to a minute, so many addresses
 * together are slowed too, while no address can lock the real person out for more than a minute.
 * Kept in Redis so every API instance sees the same counts.
 */
@Injectable()
export class LoginLockoutService {
  private readonly commands: LockoutCommands;

  constructor(
    @InjectRedis() redis: RedisClient,
    private readonly config: ConfigService<Env, true>,
  ) {
    redis.defineCommand('loginReserve', { numberOfKeys: 4, lua: RESERVE });
    redis.defineCommand('loginRelease', { numberOfKeys: 3, lua: RELEASE });
    this.commands = redis as unknown as LockoutCommands;
  }

  /**
   * Counts an attempt before its password is checked. Returns 0 when it may go ahead, else the
   * seconds until it may be tried again (and then it was not counted).
   */
  async reserve(email: string, address: string): Promise<number> {
    const threshold = this.config.get('LOGIN_LOCKOUT_THRESHOLD', { infer: true });
    const waitMs = await this.commands.loginReserve(
      ...this.keys(email, address),
      threshold,
      ADDRESS_LOCK_SECONDS.first,
      ADDRESS_LOCK_SECONDS.max,
      threshold * ACCOUNT_THRESHOLD_FACTOR,
      ACCOUNT_LOCK_SECONDS.first,
      ACCOUNT_LOCK_SECONDS.max,
      FAILURE_MEMORY_SECONDS,
    );
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
  }

  /** The reserved attempt had the right password: forget this address's failures for the account. */
  async release(email: string, address: string): Promise<void> {
    const [pairFailures, pairLock, accountFailures] = this.keys(email, address);
    await this.commands.loginRelease(pairFailures, pairLock, accountFailures);
  }

  // Hashed so the keys in Redis do not list who has an account or from where. A key's first {…} is
  // its hash tag: a cluster's QUEUE_PREFIX tag, or else the account's hash; either way one script's
  // keys share a slot on a Redis cluster.
  private keys(email: string, address: string): [string, string, string, string] {
    const account = `${this.config.get('QUEUE_PREFIX', { infer: true })}:login:{${sha256Hex(email.trim().toLowerCase())}}`;
    const pair = `${account}:address:${sha256Hex(address).slice(0, 32)}`;
    return [`${pair}:failures`, `${pair}:lock`, `${account}:failures`, `${account}:lock`];
  }
}
