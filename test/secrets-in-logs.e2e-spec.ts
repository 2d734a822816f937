import { Writable } from 'node:stream';
import { Logger } from 'nestjs-pino';
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

  it('take credentials from the Authorization header only, and keep keys offered elsewhere out of the logs', async () => {
    const person = await createPerson(q, 'admin');
    const key = q.demo.botKey;
    lines = '';
    for (const credential of [key, person.accessToken]) {
      await q.http.get(`/v1/auth/me?access_token=${encodeURIComponent(credential)}`).expect(401);
      await q.http.get('/v1/auth/me').query({ cursor: 'x', access_token: credential }).expect(401);
      await q.http
        .post('/v1/assets')
        .send({ ...textAsset('Body key'), access_token: credential })
        .expect(401);
    }
    // The header still works, so the refusals above are about where the key was.
    await q.http.get('/v1/auth/me').set(bearer(key)).expect(200);
    expect(lines).toContain('/v1/auth/me?access_token=[redacted]');
    expect(lines).toContain('cursor=[redacted]');
    expect(lines).not.toContain(key);
    expect(lines).not.toContain(encodeURIComponent(key));
    expect(lines).not.toContain(person.accessToken);
  });

  it('redact credentials in URLs inside logged errors', () => {
    lines = '';
    q.api.get(Logger).error({
      err: new Error('fetch https://user:hunter2secret@hooks.example.com/x?token=abcdef123 failed'),
    });
    expect(lines).toContain('https://[redacted]@hooks.example.com/x?token=[redacted]');
    expect(lines).not.toContain('hunter2secret');
    expect(lines).not.toContain('abcdef123');
  });
});
