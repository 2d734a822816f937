import { killAllChildren } from './children';

let interrupted = false;

/**
 * The first Ctrl-C ends the children and makes every bench loop throw, so the usual clean-up runs
 * (database dropped, Redis keys deleted); a second one quits at once.
 */
export function handleInterrupts(): void {
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\ninterrupted: cleaning up (Ctrl-C again to quit at once)\n');
    killAllChildren();
  });
  // Whatever happens, no child outlives the bench.
  process.on('exit', killAllChildren);
}

export function wasInterrupted(): boolean {
  return interrupted;
}

export function throwIfInterrupted(): void {
  if (interrupted) throw new Error('interrupted');
}
