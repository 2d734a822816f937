import { median, PipelineSample } from './load/stats';

/** One line of the table: a metric measured in several runs, and the same metric of its baseline. */
export interface Row {
  benchmark: string;
  metric: string;
  /** Rates print as whole numbers, and so do milliseconds from 100 up. */
  unit: 'per-second' | 'ms';
  measured: number[];
  baseline: number[];
}

/** The three rows of a pipeline comparison. */
export function pipelineRows(
  benchmark: string,
  measured: PipelineSample[],
  baseline: PipelineSample[],
): Row[] {
  return [
    row(benchmark, 'assets/s', 'per-second', measured, baseline, (s) => s.perSecond),
    row(benchmark, 'p50 submit→done (ms)', 'ms', measured, baseline, (s) => s.p50Ms),
    row(benchmark, 'p99 submit→done (ms)', 'ms', measured, baseline, (s) => s.p99Ms),
  ];
}

export function row<T>(
  benchmark: string,
  metric: string,
  unit: Row['unit'],
  measured: T[],
  baseline: T[],
  pick: (sample: T) => number,
): Row {
  return { benchmark, metric, unit, measured: measured.map(pick), baseline: baseline.map(pick) };
}

/** A Markdown table of medians; the runs column lists every measured value so spread is visible. */
export function formatTable(rows: Row[]): string {
  const lines = [
    '| Benchmark | Metric | Measured (median) | Baseline (median) | Ratio | Measured runs | Baseline runs |',
    '| --- | --- | ---: | ---: | ---: | --- | --- |',
  ];
  let previous = '';
  for (const r of rows) {
    const [ours, base] = [median(r.measured), median(r.baseline)];
    const show = (value: number) => format(value, r.unit);
    // A metric with no baseline (a latency only the app has) shows a dash, not NaN.
    const [baseShown, ratio] = r.baseline.length ? [show(base), (ours / base).toFixed(2)] : ['–', '–'];
    lines.push(
      `| ${r.benchmark === previous ? '' : r.benchmark} | ${r.metric} | ${show(ours)} | ${baseShown} | ` +
        `${ratio} | ${r.measured.map(show).join(', ')} | ${r.baseline.map(show).join(', ')} |`,
    );
    previous = r.benchmark;
  }
  return lines.join('\n');
}

export function format(value: number, unit: Row['unit']): string {
  if (unit === 'ms' && value < 100) return value.toFixed(1);
  return String(Math.round(value));
}

/** Progress goes to stderr, so that `npm run bench > table.md` keeps only the table. */
export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
