import { DataSource } from 'typeorm';
import { validateEnv } from '@app/config';
import {
  dataSourceOptions,
  DirectoryService,
  ensureDatabase,
  LedgerKeys,
  LedgerService,
  runMigrations,
  seedDemo,
} from '@app/core';
import type { DemoCredentials } from '@app/core';
import { startApi } from '../../api/src/main';
import { startWorker } from '../../worker/src/main';
import { box, startupLines } from './startup-box';

/** Changes made from the command line are recorded in the ledger as the operator's. */
const CLI_ACTOR = { type: 'system', id: 'cli' } as const;

export async function serve(): Promise<void> {
  const env = validateEnv(process.env);
  let demo: DemoCredentials | undefined;
  if (env.DEMO_MODE) {
    await ensureDatabase(env.DATABASE_DIRECT_URL ?? env.DATABASE_URL);
    await runMigrations(env.DATABASE_DIRECT_URL ?? env.DATABASE_URL);
    demo = await withDataSource(env.DATABASE_URL, seedDemo);
  } else if (await withDataSource(env.DATABASE_URL, (ds) => ds.showMigrations())) {
    throw new Error('The database schema is out of date: run `quorate migrate` first');
  }
  const worker = await startWorker(process.env);
  const api = await startApi(process.env);
  const verifierKey = (await api.get(LedgerKeys).signer()).verifierKey;
  console.log(box(startupLines({ baseUrl: `http://localhost:${env.PORT}`, demo, verifierKey })));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: stopping the API, then letting in-flight jobs finish`);
    await api.close();
    await worker.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

export async function migrate(): Promise<void> {
  const env = validateEnv(process.env);
  // Migrations run DDL in long transactions; they go round a pooler when there is a direct URL.
  const ran = await runMigrations(env.DATABASE_DIRECT_URL ?? env.DATABASE_URL);
  console.log(ran.length ? `Applied: ${ran.join(', ')}` : 'The schema is up to date');
}

export async function seedDemoData(): Promise<void> {
  const env = validateEnv(process.env);
  const demo = await withDataSource(env.DATABASE_URL, seedDemo);
  const baseUrl = `http://localhost:${env.PORT}`;
  console.log(box(startupLines({ heading: `Quorate demo data, for the API at ${baseUrl}`, baseUrl, demo })));
}

export async function createAdmin(options: { email: string; password?: string }): Promise<void> {
  const env = validateEnv(process.env);
  const password = options.password ?? process.env.QUORATE_ADMIN_PASSWORD;
  if (password !== undefined && password.length < 12)
    throw new Error('the password must be at least 12 characters');
  const created = await withDataSource(env.DATABASE_URL, (ds) =>
    directory(ds).createPerson(CLI_ACTOR, { email: options.email, role: 'admin', password }),
  );
  console.log(`Admin ${created.person.email} created (id ${created.person.id})`);
  if (created.password) console.log(`Password (shown once): ${created.password}`);
}

export async function createBot(options: { name: string; owner: string; classes: string }): Promise<void> {
  const env = validateEnv(process.env);
  const classKeys = options.classes
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const created = await withDataSource(env.DATABASE_URL, (ds) =>
    directory(ds).createApiKey(CLI_ACTOR, { name: options.name, ownerEmail: options.owner, classKeys }),
  );
  console.log(`Bot ${created.apiKey.name} created (id ${created.apiKey.id}) for ${classKeys.join(', ')}`);
  console.log(`API key (shown once): ${created.key}`);
}

function directory(dataSource: DataSource): DirectoryService {
  // The command line creates people and keys but never ends one, so no cached key needs dropping.
  return new DirectoryService(dataSource, new LedgerService(), { invalidate: () => Promise.resolve() });
}

async function withDataSource<T>(databaseUrl: string, use: (ds: DataSource) => Promise<T>): Promise<T> {
  const dataSource = await new DataSource(dataSourceOptions({ DATABASE_URL: databaseUrl })).initialize();
  try {
    return await use(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
