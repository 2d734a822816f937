export * from './queue-names';
export * from './redis-options';
export * from './queues.module';
export * from './queue.producer';
export * from './redis.provider';
