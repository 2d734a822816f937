import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { settled, submit, textAsset } from './support/assets';
import { eventually, Quorate, startQuorate } from './support/harness';
import { ledgerSettled } from './support/ledger';
import { bearer, createPerson } from './support/people';

const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';
const DOCS = join(__dirname, '..', 'docs');

function promtool(args: string[], input?: string): { status: number | null; output: string } {
  const run = spawnSync(PROMTOOL, args, { input, encoding: 'utf8' });
  if (run.error) throw new Error(`${PROMTOOL} did not run (Debian package prometheus): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Metric names a PromQL expression reads: ours and the standard process/Node.js ones. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b(?:quorate|process|nodejs)_[a-z0-9_]+\b/g)].map((m) => m[0]);
}

/** Whether a scrape declares the name, or a series of it (histogram series included). */
function exposes(scrape: string, name: string): boolean {
  const declared = new Set([...scrape.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => m[1]));
  const histograms = new Set([...scrape.matchAll(/^# TYPE (\S+) histogram$/gm)].map((m) => m[1]));
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return declared.has(name) || (base !== name && histograms.has(base));
}

describe('/metrics', () => {
  let q: Quorate;
  let receiver: Server;
  let scrape: string;
  const token = 'metrics-token-for-the-test-0123456789';

  beforeAll(async () => {
    // The receiver listens on 127.0.0.1, which only an operator's WEBHOOK_ALLOW_PRIVATE lets through.
    q = await startQuorate({ env: { METRICS_TOKEN: token, WEBHOOK_ALLOW_PRIVATE: 'true' } });
    receiver = createServer((_req, res) => res.writeHead(204).end());
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const admin = await createPerson(q, 'admin');
    const { port } = receiver.address() as AddressInfo;
    await q.http
      .post('/v1/webhooks')
      .set(bearer(admin.accessToken))
      .send({ url: `http://127.0.0.1:${port}/hook`, events: ['version.released'] })
      .expect(201);
    const id = await submit(q.http, q.demo.botKey, textAsset('Measured copy'));
    await settled(q.http, q.demo.botKey, id);
    await ledgerSettled(q.db);
    scrape = await eventually(
      async () => {
        const text = (await q.http.get('/metrics').set('Authorization', `Bearer ${token}`).expect(200)).text;
        return /quorate_webhook_deliveries_total\{status_class="2xx"\} [1-9]/.test(text) ? text : undefined;
      },
      15_000,
      'the webhook delivery to be counted',
    );
  });
  afterAll(async () => {
    receiver.close();
    await q.close();
  });

  it('serves Prometheus metrics of HTTP, jobs, queues and the ledger to the holder of the token', async () => {
    await q.http.get('/metrics').expect(401);
    await q.http.get('/metrics').set('Authorization', 'Bearer wrong-token-of-some-length').expect(401);
    const response = await q.http.get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(scrape).toMatch(
      /quorate_http_request_duration_seconds_count\{method="POST",route="\/v1\/assets",status="202"\} 1/,
    );
    expect(scrape).toMatch(
      /quorate_job_duration_seconds_count\{job="validate-version",outcome="completed"\} \d+/,
    );
    expect(scrape).toMatch(/quorate_queue_jobs\{queue="validation",state="waiting"\} \d+/);
    expect(scrape).toMatch(/quorate_queue_jobs\{queue="webhooks",state="failed"\} \d+/);
    expect(scrape).toMatch(/quorate_ledger_entries [1-9]\d*/);
    expect(scrape).toMatch(/quorate_decisions_open 0/);
  });

  it('observes ledger integration latency and webhook deliveries by status class', () => {
    expect(scrape).toMatch(/^# TYPE quorate_ledger_integration_seconds histogram$/m);
    expect(scrape).toMatch(/^quorate_ledger_integration_seconds_count [1-9]\d*$/m);
    expect(scrape).toMatch(/^# TYPE quorate_webhook_deliveries_total counter$/m);
    expect(scrape).toMatch(/^# TYPE quorate_decision_time_to_close_seconds histogram$/m);
  });

  it('names default metrics as stock dashboards expect: process_* and nodejs_*, no app prefix', () => {
    expect(scrape).toMatch(/^process_cpu_seconds_total \d/m);
    expect(scrape).toMatch(/^process_resident_memory_bytes \d/m);
    expect(scrape).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(scrape).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    expect(scrape).not.toMatch(/quorate_process_/);
    // Gauges never end in _total; counters always do.
    for (const [, name, type] of scrape.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      expect({ name, type, total: name.endsWith('_total') }).toEqual({
        name,
        type,
        total: type === 'counter',
      });
    }
  });

  it('passes promtool check metrics', () => {
    const { status, output } = promtool(['check', 'metrics'], scrape);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('has example alert rules promtool accepts, reading only metrics the service exposes', () => {
    const file = join(DOCS, 'alerts.yml');
    const { status, output } = promtool(['check', 'rules', file]);
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
    expect(status).toBe(0);
    const names = metricNames(readFileSync(file, 'utf8'));
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((name) => !exposes(scrape, name))).toEqual([]);
  });

  it('has a Grafana dashboard whose every query reads metrics the service exposes', () => {
    const dashboard = JSON.parse(readFileSync(join(DOCS, 'grafana-dashboard.json'), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(exprs.length).toBeGreaterThanOrEqual(dashboard.panels.length);
    const names = exprs.flatMap(metricNames);
    for (const expr of exprs)
      expect({ expr, names: metricNames(expr).length > 0 }).toEqual({ expr, names: true });
    expect(names.filter((name) => !exposes(scrape, name))).toEqual([]);
  });
});
