import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { TestEnv } from './harness';
import { transpileCacheHook } from './transpile-cache';

const ROOT = path.resolve(__dirname, '../..');
/** Enough of the worker's log to explain a failed start or run. */
const OUTPUT_KEPT = 64 * 1024;

/** The worker in a process of its own, so a test can kill it the hard way. */
export class WorkerProcess {
  private child?: ChildProcess;
  private output = '';

  constructor(private readonly env: TestEnv) {}

  async start(timeoutMs = 90_000): Promise<void> {
    this.output = '';
    const child = spawn(
      process.execPath,
      ['-r', transpileCacheHook(), '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'],
      {
        cwd: ROOT,
        env: { ...process.env, ...this.env, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    const collect = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-OUTPUT_KEPT));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start:\n${this.output}`)), timeoutMs);
      const check = () => {
        if (this.output.includes('workers started')) {
          clearTimeout(timer);
          child.stdout.off('data', check);
          resolve();
        }
      };
      child.stdout.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`worker exited with ${code} during start:\n${this.output}`));
      });
    });
  }

  /** Whether the process is still running: a worker must ride out outages, not exit on them. */
  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL: no shutdown hook runs, no lock is released, no transaction is committed. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }
}
