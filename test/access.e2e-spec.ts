import { randomUUID } from 'node:crypto';
import { Quorate, startQuorate } from './support/harness';
import { bearer, createPerson, Person } from './support/people';
import { expressPaths, Route, routesOf } from './support/routes';

type Who = 'anonymous' | 'bot' | 'reviewer' | 'admin';
const EVERYONE: Who[] = ['anonymous', 'bot', 'reviewer', 'admin'];

/** The status an identity should get, judged only on access: a permitted call may still be a 4xx for its input. */
function expected(route: Route, who: Who): 'allowed' | 401 | 403 {
  const rule = route.rule!;
  if ('public' in rule) return 'allowed';
  if (who === 'anonymous') return 401;
  return rule.principals.includes(who) ? 'allowed' : 403;
}

function samplePath(path: string): string {
  return path
    .replace(/:(id|userId)\b/g, randomUUID())
    .replace(/:classKey\b/g, 'demo')
    .replace(/:key\b/g, 'no-such-group');
}

describe('access to every route', () => {
  let q: Quorate;
  let routes: Route[];
  let reviewer: Person;
  let admin: Person;
  const headers = (who: Who): Record<string, string> =>
    who === 'anonymous'
      ? {}
      : bearer(who === 'bot' ? q.demo.botKey : who === 'reviewer' ? reviewer.accessToken : admin.accessToken);

  beforeAll(async () => {
    q = await startQuorate({ worker: false });
    routes = routesOf(q.api);
    reviewer = await createPerson(q, 'reviewer');
    admin = await createPerson(q, 'admin');
  });
  afterAll(() => q.close());

  it('finds the routes of every controller', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'POST /v1/assets',
        'POST /v1/auth/login',
        'POST /v1/api-keys/:id/revoke',
        'GET /health/ready',
      ]),
    );
  });

  it('declares an access rule on every route', () => {
    expect(routes.filter((r) => r.rule === undefined).map((r) => r.handler)).toEqual([]);
  });

  it('serves nothing through Express that is not a controller route, but the API docs and the 404 handler', () => {
    const controllerPaths = new Set(routes.map((r) => r.path));
    const others = expressPaths(q.api).filter(
      (p) => !controllerPaths.has(p) && !p.startsWith('/docs') && p !== '/{*path}',
    );
    expect(others).toEqual([]);
  });

  it('gives each identity on each route the expected 401, 403 or access, and never a 5xx', async () => {
    const results: string[] = [];
    for (const route of routes) {
      for (const who of EVERYONE) {
        const call = q.http[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](
          samplePath(route.path),
        );
        const response = await call.set(headers(who)).send({});
        const want = expected(route, who);
        const got = response.status;
        const ok = want === 'allowed' ? got !== 401 && got !== 403 && got < 500 : got === want;
        results.push(
          `${ok ? 'ok ' : 'BAD'} ${who.padEnd(9)} ${route.method} ${route.path} -> ${got} (want ${want})`,
        );
      }
    }
    expect(results.filter((r) => r.startsWith('BAD'))).toEqual([]);
    expect(results).toHaveLength(routes.length * EVERYONE.length);
  });

  it('keeps bots out of administration and reviewers out of administration', async () => {
    await q.http
      .post('/v1/groups')
      .set(bearer(q.demo.botKey))
      .send({ key: 'brand', name: 'Brand' })
      .expect(403);
    await q.http
      .post('/v1/groups')
      .set(bearer(reviewer.accessToken))
      .send({ key: 'brand', name: 'Brand' })
      .expect(403);
    await q.http
      .post('/v1/groups')
      .set(bearer(admin.accessToken))
      .send({ key: 'brand', name: 'Brand' })
      .expect(201);
  });

  it('refuses a revoked API key on its next request', async () => {
    const created = await q.http
      .post('/v1/api-keys')
      .set(bearer(admin.accessToken))
      .send({ name: 'short-lived', ownerUserId: admin.id, classKeys: ['demo'] })
      .expect(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^qk_[A-Za-z0-9_-]{43}$/);
    await q.http.get('/v1/auth/me').set(bearer(key)).expect(200);
    await q.http
      .post(`/v1/api-keys/${created.body.apiKey.id}/revoke`)
      .set(bearer(admin.accessToken))
      .expect(200);
    const refused = await q.http.get('/v1/auth/me').set(bearer(key)).expect(401);
    expect(refused.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it('refuses a disabled person, even with a token issued before', async () => {
    const person = await createPerson(q, 'reviewer');
    await q.http.get('/v1/auth/me').set(bearer(person.accessToken)).expect(200);
    await q.http
      .patch(`/v1/stakeholders/${person.id}`)
      .set(bearer(admin.accessToken))
      .send({ disabled: true })
      .expect(200);
    await q.http.get('/v1/auth/me').set(bearer(person.accessToken)).expect(401);
    await q.http.post('/v1/auth/login').send({ email: person.email, password: person.password }).expect(401);
  });
});
