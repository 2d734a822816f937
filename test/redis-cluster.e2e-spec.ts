import { Cluster } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Quorate, startQuorate } from './support/harness';
import { createPerson } from './support/people';
import { checkPipeline } from './support/pipeline-check';
import { RedisCluster, startRedisCluster } from './support/redis-cluster';

const THRESHOLD = 2;
const LOGIN_LIMIT = 10;

/**
 * Queues, health, rate limits and the login lockout on a real three-master Redis Cluster: BullMQ's
 * scripts and ours touch several keys at once, which a cluster allows only within one slot.
 */
describe('on a Redis Cluster', () => {
  let cluster: RedisCluster;
  let q: Quorate;
  let inspect: Cluster;
  const prefix = `{qt-${randomBytes(4).toString('hex')}}`;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    inspect = new Cluster([{ host: '127.0.0.1', port: cluster.ports[0] }]);
    q = await startQuorate({
      env: {
        REDIS_URL: cluster.url,
        REDIS_CLUSTER: 'true',
        QUEUE_PREFIX: prefix,
        LOGIN_LOCKOUT_THRESHOLD: String(THRESHOLD),
        LOGIN_RATE_LIMIT: String(LOGIN_LIMIT),
      },
    });
  });
  afterAll(async () => {
    await q?.close();
    await inspect?.quit().catch(() => inspect.disconnect());
    await cluster?.stop();
  });

  it('validates and releases a submission, closes a quorum decision, and the ledger audits', async () => {
    await checkPipeline(q);
  });

  it('keeps every queue key under the hash-tagged prefix, in one slot', async () => {
    const keys = new Set<string>();
    for (const node of inspect.nodes('master')) {
      for (const key of await node.keys('*')) keys.add(key);
    }
    const queueKeys = [...keys].filter((key) => key.startsWith(`${prefix}:`));
    expect(queueKeys.length).toBeGreaterThan(0);
    const slots = new Set(await Promise.all(queueKeys.map((key) => inspect.cluster('KEYSLOT', key))));
    expect(slots.size).toBe(1);
  });

  it('reports itself ready with Redis answering', async () => {
    const ready = await q.http.get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok' });
  });

  it('counts failed logins across the cluster and locks the account out past the threshold', async () => {
    const person = await createPerson(q, 'reviewer');
    const statuses: number[] = [];
    for (let i = 0; i < THRESHOLD + 2; i++) {
      const response = await q.http
        .post('/v1/auth/login')
        .send({ email: person.email, password: `wrong-${i}` });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, THRESHOLD)).toEqual(Array(THRESHOLD).fill(401));
    expect(statuses.slice(THRESHOLD)).toContain(429);
  });

  it('rate-limits logins from one address with its counters on the cluster', async () => {
    const statuses: number[] = [];
    // Each attempt names another account, so only the per-address limit can refuse one.
    for (let i = 0; i < LOGIN_LIMIT + 2; i++) {
      const email = `nobody-${i}-${randomBytes(3).toString('hex')}@example.com`;
      statuses.push((await q.http.post('/v1/auth/login').send({ email, password: 'wrong' })).status);
    }
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(statuses.at(-1)).toBe(429);
  });
});
