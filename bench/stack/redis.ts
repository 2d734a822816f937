import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { REDIS_URL } from '../config';

/** A prefix no one else uses, so the bench shares Redis without touching other keys. */
export function uniquePrefix(): string {
  return `quorate-bench-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Deletes the keys under the bench's own prefix, and nothing else. */
export async function deletePrefix(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  let deleted = 0;
  try {
    let cursor = '0';
    // SCAN visits each key about once; the bound only guards against a Redis that never ends a scan.
    for (let round = 0; round < 100_000; round++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) deleted += await redis.unlink(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
    return deleted;
  } finally {
    redis.disconnect();
  }
}
