import { ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { CHILD_READY_TIMEOUT_MS, CHILD_STOP_TIMEOUT_MS } from '../config';

/** Children run the TypeScript sources directly, as `npm run bench` itself does. */
const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

export interface ChildOptions {
  /** Directory for the child's stdout and stderr. */
  logDir: string;
  /** When set, the child writes a CPU profile there of its time from ready to stop. */
  profileDir?: string;
  env: Record<string, string>;
}

export interface Child {
  stop(): Promise<void>;
}

/** Every child still running, so that an interrupted bench can still end them all. */
const running = new Set<ChildProcess>();
let forked = 0;

/** Forks `script` and resolves once it reports ready (see child-main.ts). */
export async function startChild(name: string, script: string, options: ChildOptions): Promise<Child> {
  const logFile = join(options.logDir, `${name}.log`);
  const log = openSync(logFile, 'a');
  // Numbered, as every benchmark starts its own "api" and "worker-1".
  const profileFile = options.profileDir && join(options.profileDir, `${++forked}-${name}.cpuprofile`);
  const profile = profileFile ? { BENCH_CPU_PROFILE: profileFile } : {};
  const child = fork(script, [], {
    execArgv: TS_NODE,
    env: { ...process.env, ...options.env, ...profile },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  running.add(child);
  child.once('exit', () => running.delete(child));
  try {
    await whenReady(name, child, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { stop: () => stopChild(child) };
}

/** Last resort on an interrupted or failed run: children must not outlive the bench. */
export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
}

function whenReady(name: string, child: ChildProcess, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(`did not report ready within ${CHILD_READY_TIMEOUT_MS} ms`),
      CHILD_READY_TIMEOUT_MS,
    );
    const onMessage = (message: unknown) => {
      if ((message as { ready?: boolean } | null)?.ready !== true) return;
      cleanup();
      resolve();
    };
    const onExit = (code: number | null) => fail(`exited with code ${code} before it was ready`);
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const fail = (why: string) => {
      cleanup();
      reject(new Error(`${name} ${why}; see ${logFile}`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** SIGTERM lets the child write its profile and finish in-flight work; SIGKILL if it takes too long. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
