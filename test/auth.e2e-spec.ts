import { textAsset } from './support/assets';
import { eventually, Quorate, startQuorate } from './support/harness';
import { ledgerEvents } from './support/ledger';
import { bearer, createPerson, login, Person } from './support/people';

describe('people and bots', () => {
  let q: Quorate;
  let admin: Person;

  beforeAll(async () => {
    q = await startQuorate({
      worker: false,
      env: { LOGIN_RATE_LIMIT: '1000', LOGIN_LOCKOUT_THRESHOLD: '3' },
    });
    admin = await createPerson(q, 'admin');
  });
  afterAll(() => q.close());

  describe('login', () => {
    it('issues an access token that works and a refresh token that rotates', async () => {
      const me = await q.http.get('/v1/auth/me').set(bearer(admin.accessToken)).expect(200);
      expect(me.body).toMatchObject({
        kind: 'user',
        userId: admin.id,
        email: admin.email,
        displayName: '',
        role: 'admin',
      });

      const rotated = await q.http
        .post('/v1/auth/refresh')
        .send({ refreshToken: admin.refreshToken })
        .expect(200);
      expect(rotated.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      expect(rotated.body.refreshToken).not.toBe(admin.refreshToken);
      await q.http.get('/v1/auth/me').set(bearer(rotated.body.accessToken)).expect(200);
    });

    it('treats a refresh token used twice as stolen and revokes its whole family', async () => {
      const person = await createPerson(q, 'reviewer');
      const next = await q.http
        .post('/v1/auth/refresh')
        .send({ refreshToken: person.refreshToken })
        .expect(200);
      await q.http.post('/v1/auth/refresh').send({ refreshToken: person.refreshToken }).expect(401);
      await q.http.post('/v1/auth/refresh').send({ refreshToken: next.body.refreshToken }).expect(401);
    });

    it('ends a session on logout', async () => {
      const person = await createPerson(q, 'reviewer');
      await q.http.post('/v1/auth/logout').send({ refreshToken: person.refreshToken }).expect(204);
      await q.http.post('/v1/auth/refresh').send({ refreshToken: person.refreshToken }).expect(401);
    });

    it('answers a wrong password and an unknown e-mail alike', async () => {
      const wrong = await q.http
        .post('/v1/auth/login')
        .send({ email: admin.email, password: 'not the password' })
        .expect(401);
      const unknown = await q.http
        .post('/v1/auth/login')
        .send({ email: 'nobody@example.com', password: 'whatever' })
        .expect(401);
      expect(wrong.body).toEqual(unknown.body);
      // The failure above counts towards the lockout; a success clears it.
      await login(q, admin.email, admin.password);
    });

    it('refuses a malformed login with a 400 naming the field', async () => {
      const response = await q.http
        .post('/v1/auth/login')
        .send({ email: 'not-an-email', password: 'x' })
        .expect(400);
      expect(response.body.message).toMatch(/email/);
      await q.http.post('/v1/auth/login').send({ email: admin.email }).expect(400);
    });

    it('locks an account for longer after each failure past the threshold from one address', async () => {
      const person = await createPerson(q, 'reviewer');
      const attempt = () => q.http.post('/v1/auth/login').send({ email: person.email, password: 'guess' });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await attempt()).status);
      expect(statuses.slice(0, 2)).toEqual([401, 401]);
      expect(statuses).toContain(429);
      // Locked: even the right password must wait.
      const locked = await q.http
        .post('/v1/auth/login')
        .send({ email: person.email, password: person.password });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('administration', () => {
    it('records who changed roles, weights, groups and keys in the ledger', async () => {
      const auth = bearer(admin.accessToken);
      const created = await q.http
        .post('/v1/stakeholders')
        .set(auth)
        .send({ email: 'Riley@Example.com', role: 'reviewer', displayName: 'Riley' })
        .expect(201);
      expect(created.body.person).toMatchObject({
        email: 'riley@example.com',
        role: 'reviewer',
        groups: [],
        weights: {},
      });
      expect(created.body.password).toEqual(expect.any(String));
      const id: string = created.body.person.id;

      await q.http.post('/v1/groups').set(auth).send({ key: 'legal', name: 'Legal' }).expect(201);
      await q.http.put(`/v1/groups/legal/members/${id}`).set(auth).expect(200);
      await q.http.put(`/v1/stakeholders/${id}/weights/demo`).set(auth).send({ weight: 3 }).expect(200);
      const promoted = await q.http
        .patch(`/v1/stakeholders/${id}`)
        .set(auth)
        .send({ role: 'admin' })
        .expect(200);
      expect(promoted.body).toMatchObject({ role: 'admin', groups: ['legal'], weights: { demo: 3 } });
      const key = await q.http
        .post('/v1/api-keys')
        .set(auth)
        .send({ name: 'writer', ownerUserId: id, classKeys: ['demo'] })
        .expect(201);
      await q.http.post(`/v1/api-keys/${key.body.apiKey.id}/revoke`).set(auth).expect(200);

      const entries = await ledgerEvents(q.db, `kind LIKE 'identity.%'`);
      const byAdmin = entries.filter((e) => e.actor?.type === 'user' && e.actor.id === admin.id);
      expect(byAdmin.map((e) => e.kind)).toEqual([
        'identity.person_created',
        'identity.group_created',
        'identity.member_added',
        'identity.weight_set',
        'identity.person_updated',
        'identity.api_key_created',
        'identity.api_key_revoked',
      ]);
      // The key itself is never written anywhere.
      expect(JSON.stringify(entries)).not.toContain(key.body.key);
    });

    it('refuses bad administrative input with a 4xx and writes nothing', async () => {
      const auth = bearer(admin.accessToken);
      // Counted in the queue, where every ledger write goes first.
      const before = await q.db.query(`SELECT count(*)::int AS n FROM ledger_queue`);
      await q.http
        .put(`/v1/stakeholders/${admin.id}/weights/demo`)
        .set(auth)
        .send({ weight: -1 })
        .expect(400);
      await q.http
        .put(`/v1/stakeholders/${admin.id}/weights/demo`)
        .set(auth)
        .send({ weight: 1.5 })
        .expect(400);
      await q.http
        .put(`/v1/stakeholders/${admin.id}/weights/no-such-class`)
        .set(auth)
        .send({ weight: 1 })
        .expect(422);
      await q.http.post('/v1/stakeholders').set(auth).send({ email: admin.email, role: 'admin' }).expect(409);
      await q.http
        .post('/v1/stakeholders')
        .set(auth)
        .send({ email: 'x@example.com', role: 'owner' })
        .expect(400);
      await q.http.post('/v1/groups').set(auth).send({ key: 'Has Spaces', name: 'x' }).expect(400);
      await q.http
        .post('/v1/api-keys')
        .set(auth)
        .send({ name: 'b', ownerUserId: admin.id, classKeys: ['nope'] })
        .expect(422);
      expect(await q.db.query(`SELECT count(*)::int AS n FROM ledger_queue`)).toEqual(before);
    });
  });

  describe('bots', () => {
    it('may submit only to the asset classes they were given', async () => {
      await q.db.query(`INSERT INTO asset_classes (key, name) VALUES ('contracts', 'Contracts')`);
      const response = await q.http
        .post('/v1/assets')
        .set(bearer(q.demo.botKey))
        .send(textAsset('Terms', { classKey: 'contracts' }))
        .expect(403);
      expect(response.body.message).toMatch(/contracts/);
    });

    it('record when a key was last used', async () => {
      await q.http.get('/v1/auth/me').set(bearer(q.demo.botKey)).expect(200);
      // Recorded off the request's path, so it lands shortly after the response.
      const lastUsed = await eventually(async () => {
        const [bot] = await q.db.query(`SELECT last_used_at FROM bots WHERE name = 'demo-bot'`);
        return bot.last_used_at ?? undefined;
      });
      expect(lastUsed).toBeInstanceOf(Date);
    });
  });
});

describe('login rate limit', () => {
  let q: Quorate;

  beforeAll(async () => {
    q = await startQuorate({ worker: false, env: { LOGIN_RATE_LIMIT: '5', PUBLIC_RATE_LIMIT: '5' } });
  });
  afterAll(() => q.close());

  it('answers a brute force from one address with 429s', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await q.http
        .post('/v1/auth/login')
        .send({ email: `user${i}@example.com`, password: 'guess' });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    const refused = await q.http.post('/v1/auth/login').send({ email: 'a@example.com', password: 'guess' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits each public ledger endpoint per address, leaving the rest of the API alone', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await q.http.get('/v1/ledger/checkpoint')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await q.http.get('/v1/ledger/checkpoint').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    await q.http.get('/v1/ledger/key').expect(200);
    await q.http.get('/health/live').expect(200);
  });
});
