import { JwtService } from '@nestjs/jwt';
import type { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { DEMO_ADMIN_EMAIL } from '../../libs/core/src/seed/demo-seed';

export interface Reviewer {
  id: string;
  /** An access token as the API's login would issue it. */
  token: string;
}

export interface QuorumClass {
  classKey: string;
  botKey: string;
  reviewers: Reviewer[];
}

/**
 * The policy of both vote benchmarks: every voter's weight is needed for quorum, so no decision closes
 * before its last reviewer votes; all votes approve, so that last vote closes it as approved.
 */
export const BENCH_POLICY = {
  mode: 'quorum',
  quorumBps: 10_000,
  approvalBps: 5000,
  minApprovers: 1,
  requiredGroups: [],
  vetoGroups: [],
  votingPeriodSeconds: 86_400,
  earlyDecision: true,
} as const;

// The API runs in development with no JWT_SECRET of its own, so it signs with the one it generated
// and stored in its database on first run; these tokens use it, with the issuer and claims AuthService
// uses (epoch 0: the people are new; a session id no logout has revoked). Made here, people need no
// password hashing, which would cost seconds per hundred; long-lived, so that no token expires mid-run.
async function tokenMaker(db: Pool): Promise<(id: string, role: 'admin' | 'reviewer') => string> {
  const { rows } = await db.query<{ value: string }>(
    `SELECT value FROM service_secrets WHERE name = 'JWT_SECRET'`,
  );
  const jwt = new JwtService({
    secret: rows[0].value,
    signOptions: { algorithm: 'HS256', issuer: 'quorate' },
  });
  const sid = randomUUID();
  return (id, role) => jwt.sign({ sub: id, role, typ: 'access', sep: 0, sid }, { expiresIn: '12h' });
}

/**
 * A class in `quorum` mode with `reviewers` new reviewers of weight 1, made through the admin API
 * (class, policy, weights, bot key); only the people themselves are inserted directly.
 */
export async function quorumClass(
  db: Pool,
  apiUrl: string,
  classKey: string,
  reviewers: number,
): Promise<QuorumClass> {
  const { rows: admins } = await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [
    DEMO_ADMIN_EMAIL,
  ]);
  const tokenFor = await tokenMaker(db);
  const admin = tokenFor(admins[0].id, 'admin');
  const call = (method: string, path: string, body: unknown) => callApi(apiUrl, admin, method, path, body);
  await call('POST', '/v1/asset-classes', {
    key: classKey,
    name: classKey,
    voterGroups: [],
    policy: BENCH_POLICY,
  });
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, role)
     SELECT $1 || '-' || g || '@example.com', 'scrypt$unusable', 'reviewer' FROM generate_series(1, $2) g
     RETURNING id`,
    [classKey, reviewers],
  );
  for (const { id } of rows) await call('PUT', `/v1/stakeholders/${id}/weights/${classKey}`, { weight: 1 });
  const bot = (await call('POST', '/v1/api-keys', {
    name: `${classKey}-bot`,
    ownerUserId: admins[0].id,
    classKeys: [classKey],
  })) as { key: string };
  return {
    classKey,
    botKey: bot.key,
    reviewers: rows.map(({ id }) => ({ id, token: tokenFor(id, 'reviewer') })),
  };
}

async function callApi(
  apiUrl: string,
  token: string,
  method: string,
  path: string,
  body: unknown,
): Promise<unknown> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}
