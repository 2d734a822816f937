import { textSubmission } from '../load/assets';
import { whileSampling } from '../load/db-waits';
import { ledgerHead, watchReleases } from '../load/released';
import { PipelineSample, pipelineSample } from '../load/stats';
import { submitAll } from '../load/submit';
import type { BenchContext } from '../stack/context';
import type { QuorateStack } from '../stack/quorate';

/** Generous: a run slower than 25 submissions a second, plus a minute, is broken rather than slow. */
export function runTimeoutMs(size: number): number {
  return 60_000 + size * 40;
}

/**
 * One pipeline run: `size` fresh texts through POST /v1/assets with `concurrency` in flight, timed
 * until the last is released. The bodies are built first so that building them is not timed.
 */
export async function quorateRun(
  context: BenchContext,
  stack: QuorateStack,
  size: number,
  concurrency: number,
  tag: string,
): Promise<PipelineSample> {
  const bodies = Array.from({ length: size }, (_, i) => textSubmission(`${tag} #${i}`));
  const head = await ledgerHead(context.db);
  return whileSampling(context, tag, async () => {
    // Releases are watched from the start: the first ones come while submissions are still going out.
    const submitting = new AbortController();
    const [submitted, releasedAt] = await Promise.all([
      submitAll(stack.apiUrl, context.botKey, bodies, concurrency).catch((error: unknown) => {
        submitting.abort();
        throw error;
      }),
      watchReleases(context.db, head, size, runTimeoutMs(size), submitting.signal),
    ]);
    return pipelineSample(submitted.startedAt, submitted.sentAt, releasedAt);
  });
}

/** Enough to compile hot paths, fill connection pools and estimate the rate; never more than 200. */
export function warmUpSize(asked: number): number {
  return Math.min(200, Math.max(50, Math.round(asked / 5)));
}

/** The size of a measured run: as asked, but no more than the warm-up's rate clears in `seconds`. */
export function runSize(asked: number, warmUp: PipelineSample, seconds: number): number {
  return Math.min(asked, Math.max(warmUpSize(asked), Math.round(warmUp.perSecond * seconds)));
}

/** How the table names a run size, saying so when it was cut. */
export function sizeLabel(size: number, asked: number, seconds: number): string {
  return size < asked ? `${size} (of ${asked} asked; cut to ~${seconds} s a run)` : String(size);
}
