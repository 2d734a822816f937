import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '@app/config';
import { QueueName } from './queue-names';
import { QueueProducer } from './queue.producer';
import { bullConnection, quitAll, RedisClient } from './redis-options';
import { REDIS, redisProvider } from './redis.provider';

/**
 * The HTTP side fails fast when Redis is away (the database keeps the work and the reconciler
 * re-enqueues it); the worker side waits for Redis to come back, as BullMQ workers must.
 */
export type QueueRole = 'producer' | 'worker';

const QUEUE_CONNECTIONS = Symbol('QUEUE_CONNECTIONS');

@Module({})
export class QueuesModule {
  static forRoot(role: QueueRole): DynamicModule {
    // A cluster client BullMQ is given is shared, not owned: it is quit here after the queues close.
    const opened = new Set<RedisClient>();
    return {
      module: QueuesModule,
      // Global so that the shared services can inject the producer without each importing it.
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Env, true>) => ({
            prefix: config.get('QUEUE_PREFIX', { infer: true }),
            connection: bullConnection(
              {
                REDIS_URL: config.get('REDIS_URL', { infer: true }),
                REDIS_CLUSTER: config.get('REDIS_CLUSTER', { infer: true }),
              },
              role === 'producer'
                ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 }
                : { maxRetriesPerRequest: null },
              opened,
            ),
            defaultJobOptions: {
              attempts: 5,
              backoff: { type: 'exponential', delay: 500 },
              removeOnComplete: true,
              removeOnFail: { age: 24 * 3600 },
            },
          }),
        }),
        BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
      ],
      providers: [
        QueueProducer,
        redisProvider,
        {
          provide: QUEUE_CONNECTIONS,
          useFactory: (): OnApplicationShutdown => ({ onApplicationShutdown: () => quitAll(opened) }),
        },
      ],
      exports: [QueueProducer, BullModule, REDIS],
    };
  }
}
