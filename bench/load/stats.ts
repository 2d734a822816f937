/** Nearest-rank percentile, p in (0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One run of a pipeline: items per second from the first send to the last completion, and latencies. */
export interface PipelineSample {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** `sentAt` and `doneAt` are wall-clock milliseconds per item, taken on this machine. */
export function pipelineSample(
  startedAt: number,
  sentAt: ReadonlyMap<string, number>,
  doneAt: ReadonlyMap<string, number>,
): PipelineSample {
  const latencies: number[] = [];
  let last = startedAt;
  for (const [key, sent] of sentAt) {
    const done = doneAt.get(key);
    if (done === undefined) throw new Error(`item ${key} has no completion time`);
    latencies.push(done - sent);
    last = Math.max(last, done);
  }
  return {
    perSecond: sentAt.size / ((last - startedAt) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/**
 * `count` operations timed from `startedAt` to `endedAt` (milliseconds, any clock), with the latency
 * of each: the same three figures as a pipeline run.
 */
export function timedSample(
  count: number,
  startedAt: number,
  endedAt: number,
  latencies: readonly number[],
): PipelineSample {
  return {
    perSecond: count / (Math.max(endedAt - startedAt, 1) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
