import { LedgerAudit } from '../../libs/core/src/ledger';
import { settled, submit, textAsset } from './assets';
import type { Quorate } from './harness';
import { ledgerSettled } from './ledger';
import { createPerson } from './people';
import { closedDecision, openReview, quickPeople, quorumClass, vote } from './quorum';

/**
 * The whole pipeline once, on whatever Redis and PostgreSQL `q` was started with: a submission is
 * validated and released, a vote closes a quorum decision, and the ledger of it all audits.
 */
export async function checkPipeline(q: Quorate): Promise<void> {
  const assetId = await submit(q.http, q.demo.botKey, textAsset('Copy that keeps every rule.'));
  const released = await settled(q.http, q.demo.botKey, assetId, 30_000);
  expect(released).toMatchObject({ status: 'released', currentVersion: 1 });

  const admin = await createPerson(q, 'admin');
  const [voter] = await quickPeople(q, 1);
  const cls = await quorumClass(q, admin, { weights: [[voter, 1]] });
  const review = await openReview(q, cls);
  expect((await vote(q, voter, review.decisionId, 'approve')).status).toBe(201);
  expect(await closedDecision(q, admin, review.decisionId, 30_000)).toMatchObject({ state: 'approved' });
  expect((await settled(q.http, cls.botKey, review.assetId, 30_000)).status).toBe('released');

  await ledgerSettled(q.db);
  expect(await q.api.get(LedgerAudit).run()).toMatchObject({ ok: true, problems: [] });
}
