import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { REDIS_BASE_URL } from './services';

// Database 0 is left to a developer's own `npm start`; tests lease one of the others.
const TEST_DATABASES = Array.from({ length: 15 }, (_, index) => index + 1);
// Longer than any one test file runs, so a killed run's leases free themselves.
const LEASE_MS = 20 * 60_000;

export interface RedisLease {
  db: number;
  release(): Promise<void>;
}

/**
 * Takes a Redis database no other test file (of this run or of any other run on the machine) holds,
 * so a test may flush "all of Redis" without reaching into someone else's queues.
 */
export async function leaseRedisDatabase(timeoutMs = 120_000): Promise<RedisLease> {
  const registry = new Redis(`${REDIS_BASE_URL}/0`, { maxRetriesPerRequest: 3 });
  const token = randomBytes(8).toString('hex');
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      for (const db of TEST_DATABASES) {
        const key = `quorate:test-redis-lease:${db}`;
        if ((await registry.set(key, token, 'PX', LEASE_MS, 'NX')) === 'OK') {
          return {
            db,
            async release() {
              const holder = new Redis(`${REDIS_BASE_URL}/0`, { maxRetriesPerRequest: 3 });
              try {
                if ((await holder.get(key)) === token) await holder.del(key);
              } finally {
                holder.disconnect();
              }
            },
          };
        }
      }
      if (Date.now() > deadline) throw new Error('no free Redis test database: every lease is held');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    registry.disconnect();
  }
}
