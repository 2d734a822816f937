import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { startWorker } from '../../apps/worker/src/main';
import { seedDemo } from '../../libs/core/src/seed/demo-seed';
import type { DemoCredentials } from '../../libs/core/src/seed/demo-seed';
import { LedgerSequencer } from '../../libs/core/src/ledger/ledger-sequencer.service';
import { createTestDatabase, dropTestDatabase } from './database';
import { registerSequencer } from './ledger';
import { leaseRedisDatabase } from './redis-lease';
import { REDIS_BASE_URL } from './services';

export type TestEnv = Record<string, string>;

export interface Quorate {
  env: TestEnv;
  api: NestExpressApplication;
  http: TestAgent;
  db: DataSource;
  /** A connection to this file's own Redis database, to inspect or flush it. */
  redis: Redis;
  demo: DemoCredentials & { botKey: string };
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Boots the API and (optionally) the worker in this process against a database of this file's own
 * and a Redis database leased for this file alone, so files (and whole runs) in parallel never meet.
 */
export async function startQuorate(
  options: {
    worker?: boolean;
    env?: TestEnv;
    logDestination?: DestinationStream;
    /** Routes the processes' database connections, such as through a proxy the test can cut. */
    databaseUrl?: (url: string) => string;
    /** Gives the processes DATABASE_DIRECT_URL, the database's own address, beside a routed DATABASE_URL. */
    directDatabaseUrl?: boolean;
  } = {},
): Promise<Quorate> {
  const database = await createTestDatabase();
  const redisLease = await leaseRedisDatabase();
  const env: TestEnv = {
    NODE_ENV: 'test',
    DATABASE_URL: options.databaseUrl ? options.databaseUrl(database.url) : database.url,
    ...(options.directDatabaseUrl ? { DATABASE_DIRECT_URL: database.url } : {}),
    REDIS_URL: `${REDIS_BASE_URL}/${redisLease.db}`,
    QUEUE_PREFIX: `qt-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO_MODE: 'false',
    RECONCILE_INTERVAL_MS: '300',
    JOB_LOCK_MS: '2000',
    WORKER_CONCURRENCY: '8',
    ...options.env,
  };
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3 });
  await redis.flushdb();

  const api = await NestFactory.create<NestExpressApplication>(
    await ApiModule.forRoot(env, options.logDestination),
    {
      bufferLogs: true,
      logger: false,
    },
  );
  configureApp(api);
  await api.init();
  const db = api.get(DataSource);
  registerSequencer(db, api.get(LedgerSequencer));
  const demo = await seedDemo(db);
  if (!demo.botKey) throw new Error('the test database was expected to be empty');

  let worker: INestApplicationContext | undefined;
  const quorate: Quorate = {
    env,
    api,
    http: request(api.getHttpServer()),
    db,
    redis,
    demo: { ...demo, botKey: demo.botKey },
    async startWorker() {
      worker ??= await startWorker(env, options.logDestination);
    },
    async stopWorker() {
      await worker?.close();
      worker = undefined;
    },
    async close() {
      await quorate.stopWorker();
      await api.close();
      await redis.flushdb();
      redis.disconnect();
      await redisLease.release();
      await dropTestDatabase(database.name);
    },
  };
  if (options.worker !== false) await quorate.startWorker();
  return quorate;
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  what = 'condition',
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
