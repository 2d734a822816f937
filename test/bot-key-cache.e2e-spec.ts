import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { ApiModule } from '../apps/api/src/api.module';
import { configureApp } from '../apps/api/src/configure-app';
import { REDIS, RedisClient } from '../libs/queues/src';
import { Quorate, startQuorate } from './support/harness';
import { bearer, createPerson, Person } from './support/people';

/**
 * Bot keys are cached per API instance, yet ending a key on one instance ends it on every other on
 * the very next request. Two instances share one database and one Redis here, as in production.
 */
describe('bot key cache across API instances', () => {
  let q: Quorate;
  let other: NestExpressApplication;
  let otherHttp: TestAgent;
  let admin: Person;

  beforeAll(async () => {
    q = await startQuorate({ worker: false });
    other = await NestFactory.create<NestExpressApplication>(await ApiModule.forRoot(q.env), {
      logger: false,
    });
    configureApp(other);
    await other.init();
    otherHttp = request(other.getHttpServer());
    admin = await createPerson(q, 'admin');
  });
  afterAll(async () => {
    await other.close();
    await q.close();
  });

  const newKey = async (ownerUserId?: string): Promise<{ id: string; key: string }> => {
    const created = await q.http
      .post('/v1/api-keys')
      .set(bearer(admin.accessToken))
      .send({
        name: `bot-${Math.random().toString(36).slice(2, 8)}`,
        classKeys: ['demo'],
        ownerUserId: ownerUserId ?? admin.id,
      })
      .expect(201);
    return { id: created.body.apiKey.id, key: created.body.key };
  };
  const meOnOther = (key: string) => otherHttp.get('/v1/auth/me').set(bearer(key));

  it('a key revoked on one instance is refused by the other on its next request', async () => {
    const { id, key } = await newKey();
    await meOnOther(key).expect(200);
    await meOnOther(key).expect(200);
    await q.http.post(`/v1/api-keys/${id}/revoke`).set(bearer(admin.accessToken)).expect(200);
    await meOnOther(key).expect(401);
  });

  it("disabling a bot's owner on one instance ends the bot on the other at once", async () => {
    const owner = await createPerson(q, 'reviewer');
    const { key } = await newKey(owner.id);
    await meOnOther(key).expect(200);
    await q.http
      .patch(`/v1/stakeholders/${owner.id}`)
      .set(bearer(admin.accessToken))
      .send({ disabled: true })
      .expect(200);
    await meOnOther(key).expect(401);
  });

  it('serves a cached key without the database until the identity epoch moves', async () => {
    const { id, key } = await newKey();
    await meOnOther(key).expect(200);
    // Revoked behind the service's back: the cache cannot know until the epoch is bumped.
    await q.db.query(`UPDATE bots SET revoked_at = now() WHERE id = $1`, [id]);
    await meOnOther(key).expect(200);
    await q.redis.incr(`${q.env.QUEUE_PREFIX}:identity:epoch`);
    await meOnOther(key).expect(401);
  });

  it('asks the database on every request while Redis cannot be read, and never fails the request', async () => {
    const { id, key } = await newKey();
    await meOnOther(key).expect(200);
    const redis = other.get<RedisClient>(REDIS);
    redis.disconnect();
    try {
      await meOnOther(key).expect(200);
      await q.db.query(`UPDATE bots SET revoked_at = now() WHERE id = $1`, [id]);
      await meOnOther(key).expect(401);
    } finally {
      await redis.connect();
    }
  });
});
