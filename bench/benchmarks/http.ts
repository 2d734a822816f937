import type { BenchOptions } from '../args';
import { textSubmission } from '../load/assets';
import { hammer, HttpSample } from '../load/autocannon';
import { whileSampling } from '../load/db-waits';
import { startRawHttp } from '../raw/http';
import { log, row, Row } from '../report';
import { BenchContext, RunDirs, withContext } from '../stack/context';
import { startQuorate } from '../stack/quorate';

/**
 * POST /v1/assets alone under autocannon, against a node:http server that inserts one row. No worker
 * runs: the validation jobs wait in Redis and are deleted with the bench's prefix at the end.
 */
export async function httpBenchmark(options: BenchOptions, dirs: RunDirs): Promise<Row[]> {
  return withContext(dirs, async (context: BenchContext) => {
    log('http: starting the API and the raw HTTP server');
    const [quorate, rawUrl] = await Promise.all([startQuorate(context, 0), startRawHttp(context)]);
    let sequence = 0;
    const hit = (url: string, seconds: number) =>
      hammer({
        url: `${url}/v1/assets`,
        headers: { authorization: `Bearer ${context.botKey}` },
        nextBody: () => textSubmission(`http #${++sequence}`),
        connections: options.concurrency,
        seconds,
      });

    log('http: warming up for 2 s each');
    await hit(rawUrl, 2);
    await hit(quorate.apiUrl, 2);

    const ours: HttpSample[] = [];
    const base: HttpSample[] = [];
    for (let run = 1; run <= options.runs; run++) {
      base.push(await hit(rawUrl, options.durationSeconds));
      ours.push(
        await whileSampling(context, `http run ${run}`, () => hit(quorate.apiUrl, options.durationSeconds)),
      );
      log(
        `http run ${run}/${options.runs}: quorate ${describe(ours[run - 1])}; raw ${describe(base[run - 1])}`,
      );
    }
    const label = `http: POST /v1/assets, ${options.concurrency} connections, ${options.durationSeconds} s, vs node:http + PG insert`;
    return [
      row(label, 'requests/s', 'per-second', ours, base, (s) => s.perSecond),
      row(label, 'p99 latency (ms)', 'ms', ours, base, (s) => s.p99Ms),
    ];
  });
}

function describe(sample: HttpSample): string {
  return `${sample.perSecond.toFixed(0)} req/s, p99 ${sample.p99Ms.toFixed(0)} ms`;
}
