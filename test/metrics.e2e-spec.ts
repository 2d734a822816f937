import { settled, submit, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { ledgerSettled } from './support/ledger';

describe('/metrics', () => {
  let q: Quorate;
  const token = 'metrics-token-for-the-test-0123456789';

  beforeAll(async () => {
    q = await startQuorate({ env: { METRICS_TOKEN: token } });
  });
  afterAll(() => q.close());

  it('serves Prometheus metrics of HTTP, jobs, queues and the ledger to the holder of the token', async () => {
    const id = await submit(q.http, q.demo.botKey, textAsset('Measured copy'));
    await settled(q.http, q.demo.botKey, id);
    await ledgerSettled(q.db);
    await q.http.get('/metrics').expect(401);
    await q.http.get('/metrics').set('Authorization', 'Bearer wrong-token-of-some-length').expect(401);
    const response = await q.http.get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text: string = response.text;
    expect(text).toMatch(
      /quorate_http_request_duration_seconds_count\{method="POST",route="\/v1\/assets",status="202"\} 1/,
    );
    expect(text).toMatch(
      /quorate_job_duration_seconds_count\{job="validate-version",outcome="completed"\} \d+/,
    );
    expect(text).toMatch(/quorate_queue_jobs\{queue="validation",state="waiting"\} \d+/);
    expect(text).toMatch(/quorate_ledger_entries [1-9]\d*/);
    expect(text).toMatch(/quorate_decisions_open 0/);
  });
});
