import { Inject, OnApplicationShutdown, Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '@app/config';
import { createRedisClient, RedisClient } from './redis-options';

/** A plain Redis connection for health checks and counters; fails fast rather than queueing commands. */
export const REDIS = Symbol('REDIS');
export const InjectRedis = (): ParameterDecorator => Inject(REDIS);

export const redisProvider: Provider = {
  provide: REDIS,
  inject: [ConfigService],
  useFactory: (config: ConfigService<Env, true>): RedisClient => {
    const client = createRedisClient(
      {
        REDIS_URL: config.get('REDIS_URL', { infer: true }),
        REDIS_CLUSTER: config.get('REDIS_CLUSTER', { infer: true }),
      },
      { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 },
    );
    // Without a listener ioredis reports every reconnect attempt as an unhandled error event.
    client.on('error', () => undefined);
    return Object.assign(client, {
      onApplicationShutdown: async () => {
        await client.quit().catch(() => client.disconnect());
      },
    } satisfies OnApplicationShutdown);
  },
};
