import { Pool } from 'pg';
import type { BenchOptions } from '../args';
import { BENCH_DATABASE_URL } from '../config';
import { integrated, IntegrationSample, integrationLatency, queryable } from '../ledger/integration';
import type { PipelineSample } from '../load/stats';
import { startRawPipeline } from '../raw/pipeline';
import { log, pipelineRows, row, Row } from '../report';
import { BenchContext, RunDirs, withContext } from '../stack/context';
import { startQuorate } from '../stack/quorate';
import { quorateRun, runSize, runTimeoutMs, sizeLabel, warmUpSize } from './quorate-run';

/**
 * Submit-to-released through the whole app (API, validation and release jobs, one worker process),
 * against BullMQ jobs that each insert one row, both on this machine in this run, with the same
 * number of items. Runs alternate so that a noisy moment on the machine hurts both sides alike.
 */
export async function pipelineBenchmark(options: BenchOptions, dirs: RunDirs): Promise<Row[]> {
  return withContext(dirs, async (context: BenchContext) => {
    const { submissions: asked, concurrency, runSeconds } = options;
    log(`pipeline: starting the API, one worker and the raw baseline's worker`);
    const [quorate, raw] = await Promise.all([startQuorate(context, 1), startRawPipeline(context)]);

    const warm = warmUpSize(asked);
    log(`pipeline: warming up with ${warm} items each`);
    const size = runSize(asked, await quorateRun(context, quorate, warm, concurrency, 'warm-up'), runSeconds);
    await raw.run(warm, concurrency, runTimeoutMs(warm));
    if (size < asked) log(`pipeline: ${size} items a run, so that a run takes about ${runSeconds} s`);

    const pool = new Pool({ connectionString: BENCH_DATABASE_URL, max: 1 });
    context.defer(() => pool.end());
    const db = queryable(pool);
    const ours: PipelineSample[] = [];
    const base: PipelineSample[] = [];
    const integration: IntegrationSample[] = [];
    for (let run = 1; run <= options.runs; run++) {
      base.push(await raw.run(size, concurrency, runTimeoutMs(size)));
      const since = new Date();
      ours.push(await quorateRun(context, quorate, size, concurrency, `pipeline run ${run}`));
      await integrated(db, since);
      integration.push(await integrationLatency(db, since));
      const { p50Ms, p99Ms } = integration[run - 1];
      log(
        `pipeline run ${run}/${options.runs}: quorate ${describe(ours[run - 1])}; raw ${describe(base[run - 1])}; ` +
          `ledger integration p50 ${p50Ms.toFixed(1)} ms, p99 ${p99Ms.toFixed(1)} ms`,
      );
    }
    const label =
      `pipeline: ${sizeLabel(size, asked, runSeconds)} × 2 KB text, ${concurrency} in flight, ` +
      'vs raw BullMQ job + PG insert';
    return [
      ...pipelineRows(label, ours, base),
      row(label, 'p50 ledger event queued → integrated (ms)', 'ms', integration, [], (s) => s.p50Ms),
      row(label, 'p99 ledger event queued → integrated (ms)', 'ms', integration, [], (s) => s.p99Ms),
    ];
  });
}

export function describe(sample: PipelineSample): string {
  return `${sample.perSecond.toFixed(0)}/s, p50 ${sample.p50Ms.toFixed(0)} ms, p99 ${sample.p99Ms.toFixed(0)} ms`;
}
