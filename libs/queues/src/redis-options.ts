import type { RedisOptions } from 'bullmq';
import Redis, { Cluster } from 'ioredis';

/** A single Redis or a Redis Cluster: both run the commands and scripts Quorate sends. */
export type RedisClient = Redis | Cluster;

export interface RedisSettings {
  REDIS_URL: string;
  /** REDIS_URL is then one node of a cluster, the others discovered from it. */
  REDIS_CLUSTER: boolean;
}

/** Options of a client of its own; enableOfflineQueue is the cluster's own switch there. */
export type RedisClientOptions = Omit<RedisOptions, 'host' | 'port' | 'db'>;

/** Turns REDIS_URL into connection options (BullMQ wants options, so that it can open its own connections). */
export function redisOptionsFromUrl(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
}

/** Opens a client; the caller owns it and must quit it. */
export function createRedisClient(settings: RedisSettings, options: RedisClientOptions): RedisClient {
  const { host, port, db, ...fromUrl } = redisOptionsFromUrl(settings.REDIS_URL);
  if (!settings.REDIS_CLUSTER) return new Redis({ host, port, db, ...fromUrl, ...options });
  const { enableOfflineQueue, ...redisOptions } = { ...fromUrl, ...options };
  return new Cluster([{ host, port }], { redisOptions, enableOfflineQueue: enableOfflineQueue ?? true });
}

/**
 * What BullMQ should connect with: options for a single Redis (BullMQ opens and closes its own
 * connections), or, for a cluster, a client BullMQ shares but never closes, so `opened` collects it
 * for its owner to quit after the queues or workers have closed.
 */
export function bullConnection(
  settings: RedisSettings,
  options: RedisClientOptions,
  opened: Set<RedisClient>,
): RedisOptions | Cluster {
  if (!settings.REDIS_CLUSTER) return { ...redisOptionsFromUrl(settings.REDIS_URL), ...options };
  const cluster = createRedisClient(settings, options) as Cluster;
  // Without a listener ioredis reports every reconnect attempt as an unhandled error event.
  cluster.on('error', () => undefined);
  opened.add(cluster);
  return cluster;
}

/** Quits every client in `opened`, or drops it if quitting fails. */
export async function quitAll(opened: Set<RedisClient>): Promise<void> {
  await Promise.all([...opened].map((client) => client.quit().catch(() => client.disconnect())));
  opened.clear();
}
