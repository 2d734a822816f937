import { randomBytes } from 'node:crypto';
import { currentRunPid, databaseUrl, runDatabasePrefix, templateDatabase, withAdminClient } from './services';

const SOURCE_IN_USE = '55006';

/** A fresh database for one test file, cloned from the run's migrated template. */
export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const run = currentRunPid();
  const name = `${runDatabasePrefix(run)}${randomBytes(5).toString('hex')}`;
  await withAdminClient(async (client) => {
    // Two files cloning at the same instant can see the template "in use" by the other clone.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase(run)}"`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== SOURCE_IN_USE || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  return { name, url: databaseUrl(name) };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
