import type { BenchOptions } from '../args';
import type { PipelineSample } from '../load/stats';
import { startRawPipeline } from '../raw/pipeline';
import { log, pipelineRows, Row } from '../report';
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

    const ours: PipelineSample[] = [];
    const base: PipelineSample[] = [];
    for (let run = 1; run <= options.runs; run++) {
      base.push(await raw.run(size, concurrency, runTimeoutMs(size)));
      ours.push(await quorateRun(context, quorate, size, concurrency, `pipeline run ${run}`));
      log(
        `pipeline run ${run}/${options.runs}: quorate ${describe(ours[run - 1])}; raw ${describe(base[run - 1])}`,
      );
    }
    const label =
      `pipeline: ${sizeLabel(size, asked, runSeconds)} × 2 KB text, ${concurrency} in flight, ` +
      'vs raw BullMQ job + PG insert';
    return pipelineRows(label, ours, base);
  });
}

export function describe(sample: PipelineSample): string {
  return `${sample.perSecond.toFixed(0)}/s, p50 ${sample.p50Ms.toFixed(0)} ms, p99 ${sample.p99Ms.toFixed(0)} ms`;
}
