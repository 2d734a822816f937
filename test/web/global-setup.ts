import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import integrationSetup from '../support/global-setup';

const ROOT = join(__dirname, '..', '..');
const WEB = join(ROOT, 'apps', 'web');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function builtAt(): number {
  try {
    return statSync(join(WEB, 'dist', 'index.html')).mtimeMs;
  } catch {
    return 0;
  }
}

/** The migrated template database of the integration suites, and a web build no older than its sources. */
export default async function globalSetup(): Promise<void> {
  const sources = Math.max(
    newest(join(WEB, 'src')),
    newest(join(WEB, 'index.html')),
    newest(join(WEB, 'vite.config.mts')),
  );
  if (builtAt() < sources) {
    const build = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', WEB],
      {
        cwd: ROOT,
        // Jest sets NODE_ENV=test, which would give a development build of React.
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: 'inherit',
      },
    );
    if (build.status !== 0) throw new Error('building the web app failed');
  }
  await integrationSetup();
}
