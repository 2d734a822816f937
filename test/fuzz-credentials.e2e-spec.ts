import { JwtService } from '@nestjs/jwt';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { exchangeChecker, fuzzParameters, rowCounter } from './support/fuzz-check';
import { FuzzRequest, knownPath, summarize } from './support/fuzz-requests';
import { Fuzzing, startFuzzing } from './support/fuzz-setup';
import { headerValue } from './support/fuzz-values';
import { bearer, createPerson } from './support/people';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Property: with missing, malformed, expired, forged or revoked credentials, every route that is not
 * public answers exactly 401 in the error shape, public routes answer below 500, and nothing is written.
 */
describe('fuzzing credentials on every route', () => {
  let f: Fuzzing;
  const bad: Record<string, string> = {};

  beforeAll(async () => {
    f = await startFuzzing();
    const jwt = f.q.api.get(JwtService, { strict: false });
    // Each forgery differs from a valid token in one claim only, so each is refused for its own reason.
    const claims = { sub: f.ids.adminId, role: 'admin', typ: 'access', sep: 0, sid: randomUUID() };
    const [header, , signature] = (await jwt.signAsync({ ...claims, role: 'reviewer' })).split('.');
    const revoked = await f.q.http
      .post('/v1/api-keys')
      .set(bearer(f.admin.accessToken))
      .send({ name: 'revoked', ownerUserId: f.ids.adminId, classKeys: ['demo'] })
      .expect(201);
    await f.q.http
      .post(`/v1/api-keys/${revoked.body.apiKey.id}/revoke`)
      .set(bearer(f.admin.accessToken))
      .expect(200);
    const disabled = await createPerson(f.q, 'admin');
    await f.q.http
      .patch(`/v1/stakeholders/${disabled.id}`)
      .set(bearer(f.admin.accessToken))
      .send({ disabled: true })
      .expect(200);
    Object.assign(bad, {
      none: '',
      'scheme only': 'Bearer',
      'empty token': 'Bearer ',
      'two tokens': `Bearer ${f.q.demo.botKey} ${f.q.demo.botKey}`,
      basic: 'Basic YWRtaW5AcXVvcmF0ZS5sb2NhbDpwYXNzd29yZA==',
      'other scheme': `Token ${f.admin.accessToken}`,
      'expired JWT': `Bearer ${await jwt.signAsync(claims, { expiresIn: -60 })}`,
      'JWT signed with another secret': `Bearer ${await new JwtService({ secret: 'x'.repeat(40) }).signAsync(claims)}`,
      'JWT with alg none': `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      'JWT signed with HS512': `Bearer ${await jwt.signAsync(claims, { algorithm: 'HS512' })}`,
      'JWT with a promoted role': `Bearer ${header}.${b64(claims)}.${signature}`,
      'refresh-typed JWT': `Bearer ${await jwt.signAsync({ ...claims, typ: 'refresh' })}`,
      'JWT of nobody': `Bearer ${await jwt.signAsync({ ...claims, sub: randomUUID() })}`,
      'JWT whose subject is no user id': `Bearer ${await jwt.signAsync({ ...claims, sub: "admin' OR 1=1" })}`,
      'JWT of a disabled person': `Bearer ${disabled.accessToken}`,
      'JWT without a session': `Bearer ${await jwt.signAsync({ sub: f.ids.adminId, role: 'admin', typ: 'access' })}`,
      'JWT of another session epoch': `Bearer ${await jwt.signAsync({ ...claims, sep: 1 })}`,
      'JWT with an epoch beyond integer': `Bearer ${await jwt.signAsync({ ...claims, sep: 2 ** 40 })}`,
      'JWT whose session is no id': `Bearer ${await jwt.signAsync({ ...claims, sid: "x' OR 1=1" })}`,
      'refresh token as bearer': `Bearer ${f.admin.refreshToken}`,
      'revoked bot key': `Bearer ${revoked.body.key}`,
      'bare key prefix': 'Bearer qk_',
      'unknown bot key': `Bearer qk_${'A'.repeat(43)}`,
      'overlong bot key': `Bearer qk_${'x'.repeat(5_000)}`,
      'Latin-1 bot key': `Bearer qk_${'\u00ff'.repeat(43)}`,
      'bot key with a tail': `Bearer ${f.q.demo.botKey}x`,
      'bot key without scheme': f.q.demo.botKey,
    });
  });
  afterAll(() => f.q.close());

  it('refuses every bad credential on every protected route with a 401 and writes nothing', async () => {
    const check = exchangeChecker(f.q.http, await rowCounter(f.q.db));
    const credential = fc.oneof(
      { arbitrary: fc.constantFrom(...Object.values(bad)), weight: 4 },
      { arbitrary: headerValue.map((v) => `Bearer ${v}`), weight: 1 },
      { arbitrary: headerValue, weight: 1 },
    );
    const attempt = fc.tuple(fc.constantFrom(...f.targets), credential).map(([target, authorization]) => {
      const sample = f.ctx.samples[target.key];
      const request: FuzzRequest = {
        method: target.route.method,
        url: knownPath(target, f.ctx),
        headers: {
          'Content-Type': 'application/json',
          ...(authorization ? { Authorization: authorization } : {}),
        },
        body: target.takesBody ? JSON.stringify(sample ?? {}) : undefined,
      };
      const isPublic = target.route.rule !== undefined && 'public' in target.route.rule;
      return Object.defineProperty({ request, isPublic }, fc.toStringMethod, {
        value: () => summarize(request),
      });
    });
    await fc.assert(
      fc.asyncProperty(attempt, ({ request, isPublic }) =>
        check(request, (status) => (isPublic || status === 401 ? undefined : `status ${status}, not 401`)),
      ),
      fuzzParameters(400),
    );
  }, 600_000);
});
