import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Worker } from 'node:worker_threads';
import type { Env } from '@app/config';
import type { Finding, RuleSet } from '@app/domain';
import { ruleThreadEntry } from './rule-thread.entry';
import type { RuleThreadData, RuleThreadMessage, RuleThreadRequest } from './rule-thread.protocol';
import { TransientError } from './transient-errors';

/** Rule ids of the findings a run that did not finish turns into. */
export const RULE_RUN_IDS = { timeout: 'rules.timeout', crashed: 'rules.crashed' } as const;

export type RuleRunOutcome = 'completed' | 'timed-out' | 'crashed';

export interface RuleRun {
  findings: Finding[];
  outcome: RuleRunOutcome;
  /** Time in the thread, from handing it the content to its answer; waiting for a free thread excluded. */
  durationMs: number;
}

interface Task {
  request: RuleThreadRequest;
  resolve: (run: RuleRun) => void;
  reject: (error: Error) => void;
  startedAt?: number;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task?: Task;
  /** Stopped on purpose (timeout, shutdown): its exit is expected and already accounted for. */
  retired: boolean;
  lastError?: Error;
}

/** Extra heap for the TypeScript compiler, in a thread that has to load it to run from source. */
const TS_COMPILER_HEAP_MB = 512;

/**
 * Runs rule sets in a small pool of worker threads, so that a CPU-heavy rule never blocks the event
 * loop that renews BullMQ job locks and answers HTTP. Each run has a hard time bound: a thread that
 * exceeds it is terminated (and replaced) and the run becomes an error finding, as does a thread that
 * dies, for instance by running out of its heap limit. Threads start on first use and are reused.
 */
@Injectable()
export class RulePool implements OnApplicationShutdown {
  private readonly logger = new Logger(RulePool.name);
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly memoryMb: number;
  private readonly testHooks: boolean;
  private nextId = 1;
  private closed = false;

  constructor(config: ConfigService<Env, true>) {
    this.size = config.get('RULE_THREADS', { infer: true });
    this.timeoutMs = config.get('RULE_TIMEOUT_MS', { infer: true });
    this.memoryMb = config.get('RULE_THREAD_MEMORY_MB', { infer: true });
    this.testHooks = config.get('NODE_ENV', { infer: true }) === 'test';
  }

  /** The time bound of one run, in milliseconds. */
  get timeLimitMs(): number {
    return this.timeoutMs;
  }

  run(content: Uint8Array, mediaType: string, ruleSet: RuleSet): Promise<RuleRun> {
    if (this.closed) return Promise.reject(new TransientError('the rule thread pool is shutting down'));
    return new Promise<RuleRun>((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, content, mediaType, ruleSet }, resolve, reject });
      this.pump();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new TransientError('the rule thread pool closed'));
    const stopping = [...this.slots].map((slot) => {
      slot.retired = true;
      if (slot.task) this.finish(slot.task, new TransientError('the rule thread pool closed'));
      return slot.worker.terminate();
    });
    this.slots.clear();
    await Promise.all(stopping);
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const idle = [...this.slots].find((slot) => slot.ready && !slot.task);
      if (idle) {
        this.assign(idle, this.queue.shift()!);
        continue;
      }
      const starting = [...this.slots].filter((slot) => !slot.ready).length;
      if (this.slots.size < this.size && starting < this.queue.length) {
        this.spawn();
        continue;
      }
      return;
    }
  }

  private assign(slot: Slot, task: Task): void {
    slot.task = task;
    task.startedAt = performance.now();
    task.timer = setTimeout(() => this.timeOut(slot, task), this.timeoutMs);
    slot.worker.postMessage(task.request);
  }

  private timeOut(slot: Slot, task: Task): void {
    if (slot.task !== task) return;
    slot.retired = true;
    this.slots.delete(slot);
    void slot.worker.terminate();
    this.logger.warn({ timeoutMs: this.timeoutMs }, 'rule run exceeded its time bound; thread terminated');
    this.finish(task, {
      outcome: 'timed-out',
      findings: [
        {
          ruleId: RULE_RUN_IDS.timeout,
          severity: 'error',
          message: `The rules did not finish within ${this.timeoutMs} ms and were stopped; the content was not fully checked`,
        },
      ],
    });
    this.pump();
  }

  private spawn(): void {
    const worker = this.createWorker();
    const slot: Slot = { worker, ready: false, retired: false };
    this.slots.add(slot);
    // A pool that is never closed must not keep the process alive on its own.
    worker.unref();
    worker.on('message', (message: RuleThreadMessage) => this.receive(slot, message));
    worker.on('error', (error) => (slot.lastError = error));
    worker.on('exit', (code) => this.exited(slot, code));
  }

  private createWorker(): Worker {
    const entry = ruleThreadEntry();
    const heapMb = this.memoryMb + (entry.compilesTypeScript ? TS_COMPILER_HEAP_MB : 0);
    const data: RuleThreadData = { testHooks: this.testHooks };
    const loaderData = entry.options.workerData as object | undefined;
    return new Worker(entry.filename, {
      ...entry.options,
      workerData: { ...loaderData, ...data },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
  }

  private receive(slot: Slot, message: RuleThreadMessage): void {
    if (message.type === 'ready') {
      slot.ready = true;
      this.pump();
      return;
    }
    const task = slot.task;
    if (!task || task.request.id !== message.id) return;
    slot.task = undefined;
    if (message.type === 'result') {
      this.finish(task, { outcome: 'completed', findings: message.findings });
    } else {
      this.finish(task, crashedRun(`the rule engine failed: ${message.error}`));
    }
    this.pump();
  }

  private exited(slot: Slot, code: number): void {
    this.slots.delete(slot);
    if (slot.retired) return;
    const reason = slot.lastError?.message ?? `exit code ${code}`;
    if (slot.task) {
      // The content made the thread die (its heap limit, say): that is the version's failure.
      this.logger.warn({ reason }, 'rule thread died during a run');
      this.finish(slot.task, crashedRun(`the rule thread stopped while checking this content (${reason})`));
    } else if (!slot.ready) {
      // A thread that cannot even start is a deployment fault: the jobs waiting are retried later.
      this.logger.error({ reason }, 'rule thread failed to start');
      for (const task of this.queue.splice(0)) {
        task.reject(new TransientError(`rule threads cannot start: ${reason}`));
      }
    }
    this.pump();
  }

  private finish(task: Task, result: Omit<RuleRun, 'durationMs'> | Error): void {
    clearTimeout(task.timer);
    if (result instanceof Error) {
      task.reject(result);
      return;
    }
    const durationMs = task.startedAt === undefined ? 0 : Math.round(performance.now() - task.startedAt);
    task.resolve({ ...result, durationMs });
  }
}

function crashedRun(message: string): Omit<RuleRun, 'durationMs'> {
  return {
    outcome: 'crashed',
    findings: [{ ruleId: RULE_RUN_IDS.crashed, severity: 'error', message: message.slice(0, 500) }],
  };
}
