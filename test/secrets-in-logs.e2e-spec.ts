import { Writable } from 'node:stream';
import { settled, submit, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { bearer, createPerson } from './support/people';

describe('logs', () => {
  let q: Quorate;
  let lines = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines += chunk.toString();
      done();
    },
  });

  beforeAll(async () => {
    q = await startQuorate({ env: { LOG_LEVEL: 'trace' }, logDestination: sink });
  });
  afterAll(() => q.close());

  it('never contain a password, a token or an API key, though the requests that carried them are logged', async () => {
    const person = await createPerson(q, 'admin');
    await q.http
      .post('/v1/auth/login')
      .send({ email: person.email, password: 'a wrong password!' })
      .expect(401);
    const created = await q.http
      .post('/v1/stakeholders')
      .set(bearer(person.accessToken))
      .send({ email: 'new@example.com', role: 'reviewer', password: 'correct horse battery staple' })
      .expect(201);
    const key = await q.http
      .post('/v1/api-keys')
      .set(bearer(person.accessToken))
      .send({ name: 'logged', ownerUserId: created.body.person.id, classKeys: ['demo'] })
      .expect(201);
    const id = await submit(q.http, key.body.key, textAsset('Logged copy'));
    await settled(q.http, key.body.key, id);
    await q.http.post('/v1/auth/refresh').send({ refreshToken: person.refreshToken }).expect(200);

    expect(lines).toContain('/v1/auth/login');
    expect(lines).toContain('/v1/assets');
    expect(lines).toContain('[redacted]');
    for (const secret of [
      person.password,
      'a wrong password!',
      'correct horse battery staple',
      key.body.key,
      q.demo.botKey,
      person.accessToken,
      person.refreshToken,
    ]) {
      expect(lines).not.toContain(secret);
    }
  });
});
