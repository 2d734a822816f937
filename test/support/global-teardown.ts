import { dropDatabasesLike, runDatabasePrefix } from './services';

export default async function globalTeardown(): Promise<void> {
  await dropDatabasesLike(runDatabasePrefix(process.pid));
}
