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

/** Changes made from the command line are recorded in the ledger as the operator's. */
const CLI_ACTOR = { type: 'system', id: 'cli' } as const;

export async function serve(): Promise<void> {
  const env = validateEnv(process.env);
  let demo: DemoCredentials | undefined;
  if (env.DEMO_MODE) {
    await ensureDatabase(env.DATABASE_URL);
    await runMigrations(env.DATABASE_URL);
    demo = await withDataSource(env.DATABASE_URL, seedDemo);
  } else if (await withDataSource(env.DATABASE_URL, (ds) => ds.showMigrations())) {
    throw new Error('The database schema is out of date: run `quorate migrate` first');
  }
  const worker = await startWorker(process.env);
  const api = await startApi(process.env);
  if (demo) printDemo(demo, env.PORT);
  console.log(`Ledger verifier key: ${(await api.get(LedgerKeys).signer()).verifierKey}`);
  console.log(
    `Quorate is listening on http://localhost:${env.PORT} (API docs: http://localhost:${env.PORT}/docs)`,
  );
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
  const ran = await runMigrations(env.DATABASE_URL);
  console.log(ran.length ? `Applied: ${ran.join(', ')}` : 'The schema is up to date');
}

export async function seedDemoData(): Promise<void> {
  const env = validateEnv(process.env);
  printDemo(await withDataSource(env.DATABASE_URL, seedDemo), env.PORT);
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
  return new DirectoryService(dataSource, new LedgerService());
}

async function withDataSource<T>(databaseUrl: string, use: (ds: DataSource) => Promise<T>): Promise<T> {
  const dataSource = await new DataSource(dataSourceOptions({ DATABASE_URL: databaseUrl })).initialize();
  try {
    return await use(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

function printDemo(credentials: DemoCredentials, port: number): void {
  const lines = [
    '',
    '=== Quorate demo data ===',
    `Asset class: ${credentials.classKey} (mode auto: validated, then released without a vote)`,
    credentials.adminPassword
      ? `Admin:       ${credentials.adminEmail} / ${credentials.adminPassword}   (shown once)`
      : `Admin:       ${credentials.adminEmail} (created earlier; its password was shown then)`,
    credentials.botKey
      ? `Bot API key: ${credentials.botKey}   (shown once; only its hash is stored)`
      : 'Bot API key: created earlier; it was shown then',
  ];
  if (credentials.botKey) {
    lines.push(
      '',
      'Try it:',
      `  TEXT='Hello from a bot'`,
      `  curl -s -X POST http://localhost:${port}/v1/assets -H 'Authorization: Bearer ${credentials.botKey}' \\`,
      `    -H 'Content-Type: application/json' \\`,
      `    -d "{\\"classKey\\":\\"demo\\",\\"title\\":\\"Hello\\",\\"mediaType\\":\\"text/plain\\",\\"text\\":\\"$TEXT\\",\\"sha256\\":\\"$(printf %s "$TEXT" | sha256sum | cut -d' ' -f1)\\"}"`,
    );
  }
  console.log(lines.join('\n') + '\n');
}
