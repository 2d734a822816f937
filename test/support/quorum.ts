import { randomBytes } from 'node:crypto';
import { AuthService } from '../../libs/core/src/identity/auth.service';
import { UserEntity } from '../../libs/core/src/entities';
import { settled, submit, textAsset } from './assets';
import { eventually } from './harness';
import type { Quorate } from './harness';
import { bearer, Person } from './people';

export interface PolicyInput {
  mode?: 'auto' | 'quorum';
  quorumBps?: number;
  approvalBps?: number;
  minApprovers?: number;
  requiredGroups?: string[];
  vetoGroups?: string[];
  votingPeriodSeconds?: number;
  earlyDecision?: boolean;
}

export const DEFAULT_POLICY = {
  mode: 'quorum',
  quorumBps: 5000,
  approvalBps: 5000,
  minApprovers: 1,
  requiredGroups: [],
  vetoGroups: [],
  votingPeriodSeconds: 3600,
  earlyDecision: true,
} as const;

let counter = 0;
const uniqueKey = (prefix: string) =>
  `${prefix}-${process.pid}-${++counter}-${randomBytes(2).toString('hex')}`;

/**
 * People for voting tests, made without the cost of password hashing: their access tokens are
 * issued by the real AuthService, exactly as a login would.
 */
export async function quickPeople(
  q: Quorate,
  count: number,
  role: 'reviewer' | 'admin' = 'reviewer',
): Promise<Person[]> {
  const users = await q.db.getRepository(UserEntity).save(
    Array.from({ length: count }, () =>
      q.db.getRepository(UserEntity).create({
        email: `${uniqueKey('voter')}@example.com`,
        role,
        passwordHash: 'scrypt$unusable',
      }),
    ),
  );
  const auth = q.api.get(AuthService);
  return Promise.all(
    users.map(async (user) => ({
      id: user.id,
      email: user.email,
      password: '',
      ...(await auth.issueTokens(user)),
    })),
  );
}

export async function ensureGroup(q: Quorate, admin: Person, key: string): Promise<void> {
  const response = await q.http.post('/v1/groups').set(bearer(admin.accessToken)).send({ key, name: key });
  if (response.status !== 201 && response.status !== 409) throw new Error(`group ${key}: ${response.status}`);
}

export async function joinGroup(q: Quorate, admin: Person, key: string, person: Person): Promise<void> {
  await ensureGroup(q, admin, key);
  await q.http.put(`/v1/groups/${key}/members/${person.id}`).set(bearer(admin.accessToken)).expect(200);
}

export interface QuorumClass {
  classKey: string;
  botKey: string;
}

/** A class with the given policy and weights, and a bot (owned by `owner`) allowed to submit to it. */
export async function quorumClass(
  q: Quorate,
  admin: Person,
  options: { policy?: PolicyInput; weights: Array<[Person, number]>; voterGroups?: string[]; owner?: Person },
): Promise<QuorumClass> {
  const classKey = uniqueKey('class');
  const auth = bearer(admin.accessToken);
  await q.http
    .post('/v1/asset-classes')
    .set(auth)
    .send({
      key: classKey,
      name: classKey,
      voterGroups: options.voterGroups ?? [],
      policy: { ...DEFAULT_POLICY, ...options.policy },
    })
    .expect(201);
  for (const [person, weight] of options.weights) {
    await q.http
      .put(`/v1/stakeholders/${person.id}/weights/${classKey}`)
      .set(auth)
      .send({ weight })
      .expect(200);
  }
  const bot = await q.http
    .post('/v1/api-keys')
    .set(auth)
    .send({ name: `bot-${classKey}`, ownerUserId: (options.owner ?? admin).id, classKeys: [classKey] })
    .expect(201);
  return { classKey, botKey: bot.body.key };
}

/** Submits an asset to the class and waits for its review to open; returns the asset and decision ids. */
export async function openReview(q: Quorate, cls: QuorumClass, text = `Copy ${uniqueKey('t')}`) {
  const assetId = await submit(q.http, cls.botKey, textAsset(text, { classKey: cls.classKey }));
  const asset = await settled(q.http, cls.botKey, assetId);
  if (asset.status !== 'in_review') throw new Error(`expected in_review, got ${asset.status}`);
  const decision = await q.http
    .get(`/v1/assets/${assetId}/versions/1/decision`)
    .set(bearer(cls.botKey))
    .expect(200);
  return { assetId, decisionId: decision.body.id as string, text };
}

export async function vote(
  q: Quorate,
  person: Person,
  decisionId: string,
  choice: string,
  reason = 'because',
) {
  return q.http
    .post(`/v1/decisions/${decisionId}/votes`)
    .set(bearer(person.accessToken))
    .send({ choice, reason });
}

/** Waits for a decision to close and returns it as the API shows it. */
export async function closedDecision(
  q: Quorate,
  viewer: Person,
  decisionId: string,
  timeoutMs = 10_000,
): Promise<any> {
  return eventually(
    async () => {
      const view = await q.http
        .get(`/v1/decisions/${decisionId}`)
        .set(bearer(viewer.accessToken))
        .expect(200);
      return view.body.state === 'open' ? undefined : view.body;
    },
    timeoutMs,
    `decision ${decisionId} to close`,
  );
}
