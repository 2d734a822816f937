import { Quorate, startQuorate } from './support/harness';
import { bearer, createPerson, Person } from './support/people';

describe('queue dashboard (Bull Board) at /admin/queues', () => {
  let q: Quorate;
  let admin: Person;
  let reviewer: Person;

  beforeAll(async () => {
    q = await startQuorate({ worker: false });
    admin = await createPerson(q, 'admin');
    reviewer = await createPerson(q, 'reviewer');
  });
  afterAll(() => q.close());

  it('refuses anyone who is not an admin, in the API error shape', async () => {
    const anonymous = await q.http.get('/admin/queues').expect(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    await q.http.get('/admin/queues/api/queues').set(bearer(reviewer.accessToken)).expect(403);
    await q.http.get('/admin/queues').set(bearer(q.demo.botKey)).expect(401);
    await q.http.get('/admin/queues').set('Cookie', 'quorate_queue_dashboard=forged.token.value').expect(401);
    await q.http.post('/v1/admin/queue-dashboard/session').set(bearer(reviewer.accessToken)).expect(403);
  });

  it('shows every queue to an admin with a bearer token', async () => {
    const page = await q.http.get('/admin/queues').set(bearer(admin.accessToken)).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const api = await q.http.get('/admin/queues/api/queues').set(bearer(admin.accessToken)).expect(200);
    const names = (api.body as { queues: { name: string }[] }).queues.map((queue) => queue.name).sort();
    expect(names).toEqual(['decisions', 'release', 'validation', 'webhooks']);
  });

  it('loads nothing from another host: no web fonts, scripts or styles from the internet', async () => {
    const page = await q.http.get('/admin/queues').set(bearer(admin.accessToken)).expect(200);
    const html: string = page.text;
    expect(html).toMatch(/<script[^>]+src="static\/js\//);
    const references = [...html.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    expect(references.filter((ref) => /^(?:[a-z]+:)?\/\//i.test(ref))).toEqual([]);
    expect(html).not.toMatch(/fonts\.(googleapis|gstatic)\.com/);
    const css = html.match(/href="(static\/css\/[^"]+)"/)?.[1];
    expect(css).toBeDefined();
    const stylesheet = await q.http.get(`/admin/queues/${css}`).set(bearer(admin.accessToken)).expect(200);
    expect(stylesheet.text).not.toMatch(/url\(\s*['"]?(?:https?:)?\/\//);
  });

  it('opens in a browser tab through an HttpOnly cookie scoped to the dashboard', async () => {
    const session = await q.http
      .post('/v1/admin/queue-dashboard/session')
      .set(bearer(admin.accessToken))
      .expect(204);
    const cookie = String(session.headers['set-cookie']);
    expect(cookie).toMatch(/^quorate_queue_dashboard=[^;]+;/);
    expect(cookie).toMatch(/Path=\/admin\/queues/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0];
    await q.http.get('/admin/queues').set('Cookie', pair).expect(200);
  });
});
