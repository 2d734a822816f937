import { Quorate, startQuorate } from './support/harness';
import { createPerson, Person } from './support/people';

const THRESHOLD = 5;

/**
 * The lockout under concurrency: attempts are counted before their password is checked, so a burst
 * of parallel guesses gets no more checks than the threshold; and it is keyed by account and
 * address, so one address's failures do not lock the account's owner out elsewhere.
 */
describe('login lockout', () => {
  let q: Quorate;

  beforeAll(async () => {
    q = await startQuorate({
      worker: false,
      // Addresses come from X-Forwarded-For here, so one test process can log in from several.
      env: { LOGIN_RATE_LIMIT: '10000', LOGIN_LOCKOUT_THRESHOLD: String(THRESHOLD), TRUST_PROXY: 'true' },
    });
  });
  afterAll(() => q.close());

  const attempt = (person: Person, password: string, address: string) =>
    q.http.post('/v1/auth/login').set('X-Forwarded-For', address).send({ email: person.email, password });

  it('checks no more passwords than the threshold in a parallel burst, the right one interleaved', async () => {
    const person = await createPerson(q, 'reviewer');
    const passwords = Array.from({ length: 21 }, (_, i) => (i === 15 ? person.password : `guess-${i}`));
    const responses = await Promise.all(
      passwords.map((password) => attempt(person, password, '203.0.113.7')),
    );
    const statuses = responses.map((r) => r.status);
    // 401 and 200 both mean the password was checked; 429 means the attempt was refused unseen.
    const checked = statuses.filter((s) => s === 401 || s === 200);
    expect(statuses.filter((s) => ![401, 200, 429].includes(s))).toEqual([]);
    expect(checked.length).toBeLessThanOrEqual(THRESHOLD);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(passwords.length - THRESHOLD);
    const refused = responses.find((r) => r.status === 429)!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('does not lock the account out for another address, beyond the account-wide slow-down', async () => {
    const person = await createPerson(q, 'reviewer');
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt(person, `wrong-${i}`, '198.51.100.9')),
    );
    expect(burst.filter((r) => r.status === 401)).toHaveLength(THRESHOLD);
    // The guessing address is locked, even with the right password...
    expect((await attempt(person, person.password, '198.51.100.9')).status).toBe(429);
    // ...while the owner, elsewhere, logs in at once: five failures are below the account-wide limit.
    expect((await attempt(person, person.password, '192.0.2.44')).status).toBe(200);
  });

  it('slows the account down everywhere once many addresses have failed', async () => {
    const person = await createPerson(q, 'reviewer');
    // Four times the threshold, spread so that no single address is locked by it.
    for (let i = 0; i < THRESHOLD * 4; i++) {
      const address = `198.18.${Math.floor(i / (THRESHOLD - 1))}.1`;
      expect((await attempt(person, `wrong-${i}`, address)).status).toBe(401);
    }
    const owner = await attempt(person, person.password, '192.0.2.45');
    expect(owner.status).toBe(429);
    // The slow-down is short: never the quarter hour one address earns.
    expect(Number(owner.headers['retry-after'])).toBeLessThanOrEqual(60);
  });
});
