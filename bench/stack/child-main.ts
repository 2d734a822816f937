import { startCpuProfile } from './cpu-profile';

/** Anything a bench child runs: the API, a worker, or a raw baseline process. */
export interface Closable {
  close(): Promise<unknown>;
}

/**
 * The protocol between the bench and its children: start, send `{ready: true}` over IPC, and on
 * SIGTERM (or when the bench goes away) close and exit. With BENCH_CPU_PROFILE set, the time in
 * between is profiled into that file.
 */
export function runUntilStopped(start: () => Promise<Closable>): void {
  const run = async () => {
    const app = await start();
    const profileFile = process.env.BENCH_CPU_PROFILE;
    const stopProfile = profileFile ? await startCpuProfile(profileFile) : undefined;
    let closing = false;
    const stop = () => {
      if (closing) return;
      closing = true;
      Promise.resolve(stopProfile?.())
        .then(() => app.close())
        .then(
          () => process.exit(0),
          (error: unknown) => exitWith(error),
        );
    };
    process.on('SIGTERM', stop);
    process.on('disconnect', stop);
    process.send?.({ ready: true });
  };
  run().catch(exitWith);
}

function exitWith(error: unknown): never {
  console.error(error);
  process.exit(1);
}
