import type { BenchOptions } from '../args';
import type { PipelineSample } from '../load/stats';
import { log, pipelineRows, Row } from '../report';
import { BenchContext, RunDirs, withContext } from '../stack/context';
import { startQuorate } from '../stack/quorate';
import { describe } from './pipeline';
import { quorateRun, runSize, sizeLabel, warmUpSize } from './quorate-run';

/**
 * The pipeline with one worker process, then with two, against the same PostgreSQL and Redis and
 * with the same run size. The second worker joins after the one-worker runs.
 */
export async function scaleBenchmark(options: BenchOptions, dirs: RunDirs): Promise<Row[]> {
  return withContext(dirs, async (context: BenchContext) => {
    const { submissions: asked, concurrency, runSeconds } = options;
    log('scale: starting the API and one worker');
    const quorate = await startQuorate(context, 1);
    const warm = warmUpSize(asked);
    const size = runSize(asked, await quorateRun(context, quorate, warm, concurrency, 'warm-up'), runSeconds);
    if (size < asked) log(`scale: ${size} items a run, so that a run takes about ${runSeconds} s`);

    const measure = async (workers: number) => {
      const samples: PipelineSample[] = [];
      for (let run = 1; run <= options.runs; run++) {
        samples.push(await quorateRun(context, quorate, size, concurrency, `scale ${workers} run ${run}`));
        log(`scale run ${run}/${options.runs} with ${workers} worker(s): ${describe(samples[run - 1])}`);
      }
      return samples;
    };
    const one = await measure(1);
    log('scale: starting a second worker');
    await quorate.addWorker();
    // Only the new process needs warming: a quarter of the first warm-up compiles its hot paths.
    await quorateRun(context, quorate, Math.ceil(warm / 4), concurrency, 'warm-up 2');
    const two = await measure(2);
    const label = `scale-out: 2 worker processes vs 1 (${sizeLabel(size, asked, runSeconds)} × 2 KB, ${concurrency} in flight)`;
    return pipelineRows(label, two, one);
  });
}
