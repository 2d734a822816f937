import { Quorate, startQuorate } from './support/harness';
import { bearer, createPerson, login, Person } from './support/people';

/** Sessions end when they should: on logout, password change, role change and disabling. */
describe('sessions', () => {
  let q: Quorate;
  let admin: Person;

  beforeAll(async () => {
    q = await startQuorate({ worker: false, env: { LOGIN_RATE_LIMIT: '10000' } });
    admin = await createPerson(q, 'admin');
  });
  afterAll(() => q.close());

  const me = (token: string) => q.http.get('/v1/auth/me').set(bearer(token));
  const refresh = (refreshToken: string) => q.http.post('/v1/auth/refresh').send({ refreshToken });
  const update = (person: Person, changes: Record<string, unknown>) =>
    q.http.patch(`/v1/stakeholders/${person.id}`).set(bearer(admin.accessToken)).send(changes).expect(200);

  it('logout ends the access token of that session as well as its refresh tokens, not other sessions', async () => {
    const person = await createPerson(q, 'reviewer');
    const other = await login(q, person.email, person.password);
    await me(person.accessToken).expect(200);
    await q.http.post('/v1/auth/logout').send({ refreshToken: person.refreshToken }).expect(204);
    await me(person.accessToken).expect(401);
    await refresh(person.refreshToken).expect(401);
    await me(other.accessToken).expect(200);
    await refresh(other.refreshToken).expect(200);
  });

  it.each([
    ['a password change', { password: 'a brand new password 123' }],
    ['a role change', { role: 'admin' }],
    ['disabling', { disabled: true }],
  ])('%s ends every session: access and refresh tokens alike', async (_what, changes) => {
    const person = await createPerson(q, 'reviewer');
    const second = await login(q, person.email, person.password);
    await update(person, changes);
    for (const session of [person, second]) {
      await me(session.accessToken).expect(401);
      await refresh(session.refreshToken).expect(401);
    }
  });

  it('keeps sessions ended after a person is disabled and enabled again; a new login works', async () => {
    const person = await createPerson(q, 'reviewer');
    await update(person, { disabled: true });
    await update(person, { disabled: false });
    await me(person.accessToken).expect(401);
    await refresh(person.refreshToken).expect(401);
    const fresh = await login(q, person.email, person.password);
    await me(fresh.accessToken).expect(200);
  });

  it('a display-name change leaves sessions alone', async () => {
    const person = await createPerson(q, 'reviewer');
    await update(person, { displayName: 'Renamed' });
    await me(person.accessToken).expect(200);
    await refresh(person.refreshToken).expect(200);
  });

  it('a concurrent double refresh leaves no token of the family working', async () => {
    for (let round = 0; round < 5; round++) {
      const person = await createPerson(q, 'reviewer');
      const answers = await Promise.all([refresh(person.refreshToken), refresh(person.refreshToken)]);
      const statuses = answers.map((a) => a.status).sort();
      // One may win the race (or neither, if the loser's reuse check runs first); never both.
      expect(statuses).not.toEqual([200, 200]);
      expect(statuses.every((s) => s === 200 || s === 401)).toBe(true);
      for (const won of answers.filter((a) => a.status === 200)) {
        await refresh(won.body.refreshToken).expect(401);
        await me(won.body.accessToken).expect(401);
      }
      await me(person.accessToken).expect(401);
      await refresh(person.refreshToken).expect(401);
    }
  });

  it('a bot stops working when its owner is disabled, and /v1/auth/me does not name the owner', async () => {
    const owner = await createPerson(q, 'reviewer');
    const created = await q.http
      .post('/v1/api-keys')
      .set(bearer(admin.accessToken))
      .send({ name: 'owned', ownerUserId: owner.id, classKeys: ['demo'] })
      .expect(201);
    const key: string = created.body.key;
    const seen = await me(key).expect(200);
    expect(seen.body).toEqual({ kind: 'bot', botId: created.body.apiKey.id, name: 'owned' });
    expect(JSON.stringify(seen.body)).not.toContain(owner.id);
    await update(owner, { disabled: true });
    await me(key).expect(401);
  });
});
