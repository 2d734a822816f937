import type { AddressInfo } from 'node:net';
import { DirectoryService } from '../../libs/core/src/identity/directory.service';
import { settled, sha256, submit } from '../support/assets';
import type { Quorate } from '../support/harness';
import { bearer, login } from '../support/people';

export const CLASS_KEY = 'campaign-copy';

export interface WebPerson {
  id: string;
  email: string;
  password: string;
  name: string;
  accessToken: string;
}

/** The API listening on a real port, which the browser needs (supertest alone never opens one). */
export async function listen(q: Quorate): Promise<string> {
  await q.api.listen(0, '127.0.0.1');
  const { port } = q.api.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export async function reviewer(q: Quorate, email: string, name: string): Promise<WebPerson> {
  const password = `pw-${email}-Secret-123`;
  const { person } = await q.api
    .get(DirectoryService)
    .createPerson({ type: 'system', id: 'test' }, { email, displayName: name, role: 'reviewer', password });
  const { accessToken } = await login(q, email, password);
  return { id: person.id, email, password, name, accessToken };
}

export async function demoAdmin(q: Quorate): Promise<WebPerson> {
  const password = q.demo.adminPassword!;
  const { accessToken } = await login(q, q.demo.adminEmail, password);
  const me = await q.http.get('/v1/auth/me').set(bearer(accessToken)).expect(200);
  return { id: me.body.userId, email: q.demo.adminEmail, password, name: 'Admin', accessToken };
}

/**
 * A class reviewed by two people of equal weight with a 60% approval threshold: one approval is not
 * enough (the other could still reject), two are. Its brand rules only warn, so versions reach review.
 */
export async function campaignClass(q: Quorate, admin: WebPerson, voters: WebPerson[]): Promise<string> {
  const auth = bearer(admin.accessToken);
  await q.http
    .post('/v1/asset-classes')
    .set(auth)
    .send({
      key: CLASS_KEY,
      name: 'Campaign copy',
      voterGroups: [],
      policy: {
        mode: 'quorum',
        quorumBps: 5000,
        approvalBps: 6000,
        minApprovers: 1,
        requiredGroups: [],
        vetoGroups: [],
        votingPeriodSeconds: 3 * 86_400,
        earlyDecision: true,
      },
    })
    .expect(201);
  for (const voter of voters) {
    await q.http
      .put(`/v1/stakeholders/${voter.id}/weights/${CLASS_KEY}`)
      .set(auth)
      .send({ weight: 1 })
      .expect(200);
  }
  const rules = await q.http
    .post('/v1/rule-sets')
    .set(auth)
    .send({
      key: 'brand-voice',
      name: 'Brand voice',
      description: 'How we sound: plain words, our names spelt right.',
      rules: [
        {
          id: 'no-buzzwords',
          kind: 'banned-term',
          severity: 'warning',
          terms: [
            { term: 'synergy', suggestion: 'teamwork' },
            { term: 'leverage', suggestion: 'use' },
          ],
        },
        { id: 'brand-names', kind: 'term-casing', severity: 'warning', terms: ['Quorate'] },
      ],
    })
    .expect(201);
  await q.http.put(`/v1/rule-sets/${rules.body.id}/classes/${CLASS_KEY}`).set(auth).expect(200);
  const bot = await q.http
    .post('/v1/api-keys')
    .set(auth)
    .send({ name: 'campaign-writer', ownerUserId: admin.id, classKeys: [CLASS_KEY] })
    .expect(201);
  return bot.body.key;
}

export function asset(title: string, mediaType: string, text: string, model = 'gpt-4o-2024-08-06') {
  return {
    classKey: CLASS_KEY,
    title,
    mediaType,
    text,
    sha256: sha256(text),
    provenance: { model, generator: 'campaign-writer 2.3', promptSha256: sha256(`prompt: ${title}`) },
  };
}

/** Submits through the API as the bot would, and waits for the version to reach review. */
export async function submitForReview(
  q: Quorate,
  botKey: string,
  body: Record<string, unknown>,
): Promise<string> {
  const id = await submit(q.http, botKey, body);
  const view = await settled(q.http, botKey, id);
  if (view.status !== 'in_review')
    throw new Error(`${String(body.title)}: expected in_review, got ${view.status}`);
  return id;
}

export async function newVersion(
  q: Quorate,
  botKey: string,
  id: string,
  body: Record<string, unknown>,
): Promise<void> {
  await q.http
    .post(`/v1/assets/${id}/versions`)
    .set(bearer(botKey))
    .send({ ...body, baseVersion: 1 })
    .expect(202);
  await settled(q.http, botKey, id);
}

export async function decisionOf(q: Quorate, botKey: string, id: string, version: number): Promise<string> {
  const response = await q.http
    .get(`/v1/assets/${id}/versions/${version}/decision`)
    .set(bearer(botKey))
    .expect(200);
  return response.body.id;
}
