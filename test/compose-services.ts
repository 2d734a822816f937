import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

/**
 * Runs docker-compose.yml's own services without Docker: each service built from the image runs its
 * command (or the Dockerfile's CMD) from the repository root, which the image mirrors (/app), with
 * the environment compose would give it, rewired to local infrastructure; in compose's order and
 * under its depends_on conditions.
 */

export const ROOT = join(__dirname, '..');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

export function loadCompose(path = join(ROOT, 'docker-compose.yml')): ComposeFile {
  // Compose (v1 included) resolves YAML merge keys (`<<: *anchor`).
  return YAML.parse(readFileSync(path, 'utf8'), { merge: true }) as ComposeFile;
}

/** The image's default command: the Dockerfile's exec-form CMD. */
export function dockerfileCommand(path = join(ROOT, 'Dockerfile')): string[] {
  const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(readFileSync(path, 'utf8'));
  if (!cmd) throw new Error('the Dockerfile has no exec-form CMD');
  return JSON.parse(cmd[1]) as string[];
}

/** Compose's variable substitution: `${VAR}`, `${VAR:-default}`, `$$` for a literal `$`. */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (match, name, fallback) => {
    if (match === '$$') return '$';
    const set = env[name as string];
    return set ? set : ((fallback as string | undefined) ?? '');
  });
}

/** Services in an order where each comes after everything it depends on. */
export function startOrder(compose: ComposeFile): string[] {
  const order: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (order.includes(name)) return;
    if (path.includes(name)) throw new Error(`depends_on cycle: ${[...path, name].join(' -> ')}`);
    for (const dep of Object.keys(compose.services[name].depends_on ?? {})) visit(dep, [...path, name]);
    order.push(name);
  };
  for (const name of Object.keys(compose.services)) visit(name, []);
  return order;
}

export const isAppService = (service: ComposeService): boolean => service.build !== undefined;

/** A service's environment as compose passes it, with the invoking shell's variables substituted. */
export function serviceEnv(
  service: ComposeService,
  shell: Record<string, string | undefined>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([key, value]) => [
      key,
      interpolate(value === null ? '' : String(value), shell),
    ]),
  );
}

/** Named volumes as `name -> mount point` of one service. */
export function mounts(service: ComposeService): Map<string, string> {
  return new Map((service.volumes ?? []).map((v) => v.split(':') as [string, string]));
}

export class ServiceProcess {
  /** What the service wrote to stdout alone (its logs); `log` has stderr too. */
  stdout = '';
  private output = '';
  private readonly child: ChildProcess;
  private readonly exit: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly command: string[],
    readonly env: Record<string, string>,
  ) {
    this.child = spawn(command[0], command.slice(1), {
      cwd: ROOT,
      // Nothing of the test runner's environment (NODE_ENV=test, say): only what compose would set.
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString();
      this.output += chunk.toString();
    });
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exit = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** service_completed_successfully: the one-shot step exited 0. */
  async completed(timeoutMs: number): Promise<void> {
    const code = await Promise.race([
      this.exit,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref()),
    ]);
    if (code !== 0) throw new Error(`${this.name} ended with ${code}:\n${this.output}`);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const stopped = await Promise.race([
      this.exit.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000).unref()),
    ]);
    if (!stopped) this.child.kill('SIGKILL');
    await this.exit;
  }
}

/** service_healthy: the service's own healthcheck, run with its environment, until it passes. */
export async function healthy(
  service: ComposeService,
  target: ServiceProcess,
  timeoutMs: number,
): Promise<void> {
  const [kind, ...args] = service.healthcheck?.test ?? [];
  if (kind !== 'CMD' && kind !== 'CMD-SHELL') throw new Error(`${target.name} has no healthcheck to wait on`);
  const command = kind === 'CMD' ? args : ['sh', '-c', args.join(' ')];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!target.running) throw new Error(`${target.name} exited before it was healthy:\n${target.log}`);
    const check = spawnSync(command[0], command.slice(1), {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...target.env },
      timeout: 5_000,
    });
    if (check.status === 0) return;
    if (Date.now() > deadline) throw new Error(`${target.name} never became healthy:\n${target.log}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Builds what the image holds, dist and the web app, unless each is newer than its sources. */
export function ensureBuilt(): void {
  const serverSources = ['apps/api/src', 'apps/worker/src', 'apps/cli/src', 'libs', 'migrations'];
  if (stale('dist/apps/cli/src/main.js', serverSources)) run('npm', ['run', 'build', '--silent']);
  if (
    stale('apps/web/dist/index.html', ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.mts'])
  ) {
    // Jest sets NODE_ENV=test, which would give a development build of React.
    run('npm', ['run', 'build:web', '--silent'], { NODE_ENV: 'production' });
  }
}

function stale(output: string, sources: string[]): boolean {
  let builtAt = 0;
  try {
    builtAt = statSync(join(ROOT, output)).mtimeMs;
  } catch {
    return true;
  }
  return sources.some((source) => newest(join(ROOT, source)) >= builtAt);
}

function run(command: string, args: string[], env: Record<string, string> = {}): void {
  const done = spawnSync(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (done.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed:\n${done.stdout}${done.stderr}`);
}

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}
