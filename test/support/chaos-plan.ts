import { sha256, textAsset } from './assets';
import { Quorate, startQuorate, TestEnv } from './harness';
import { bearer, createPerson, Person } from './people';
import { createClass, createRuleSet } from './rule-sets';
import { WorkerProcess } from './worker-process';

export type Expected = 'released' | 'validation_failed' | 'in_review';

export interface Planned {
  title: string;
  body: Record<string, unknown>;
  expected: Expected;
}

/** mulberry32: small, fast and the same on every machine, so a printed seed replays a run's choices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `CHAOS_SEED` replays a run; otherwise each run picks its own, printed so a failure can be replayed. */
export function chaosSeed(scenario: string): number {
  const seed = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed))
    throw new Error(`CHAOS_SEED must be an integer, not "${process.env.CHAOS_SEED}"`);
  console.log(`[chaos] ${scenario}: seed ${seed} (replay with CHAOS_SEED=${seed})`);
  return seed;
}

const DISCLAIMER = 'Terms apply.';

/**
 * Submissions across an `auto` class without rules, an `auto` class with brand rules and a `quorum`
 * class, some failing their rules and some declaring the wrong hash, each with the state it must end in.
 * Every title and text is unique, so no content is flagged as rejected before and each can be found.
 */
export function planSubmissions(total: number, seed: number): Planned[] {
  const random = seededRandom(seed);
  return Array.from({ length: total }, (_, i) => {
    const title = `chaos ${seed} #${i}`;
    const pick = random();
    const bad = random() < 0.3;
    if (pick < 0.1) {
      const text = `Copy ${title} with a hash that does not match.`;
      return {
        title,
        body: textAsset(text, { title, sha256: sha256(`${text}!`) }),
        expected: 'validation_failed',
      };
    }
    if (pick < 0.5) return { title, body: textAsset(`Demo copy ${title}.`, { title }), expected: 'released' };
    if (pick < 0.75) {
      const text = bad ? `Launch ${title}: pure synergy.` : `Launch ${title}: plain words.`;
      return {
        title,
        body: textAsset(text, { title, classKey: 'copy' }),
        expected: bad ? 'validation_failed' : 'released',
      };
    }
    const text = bad ? `Clause ${title}.` : `Clause ${title}. ${DISCLAIMER}`;
    return {
      title,
      body: textAsset(text, { title, classKey: 'legal' }),
      expected: bad ? 'validation_failed' : 'in_review',
    };
  });
}

/** The classes and rule sets the plan submits to; returns an admin who can read the ledger audit. */
export async function setUpClasses(q: Quorate): Promise<Person> {
  const admin = await createPerson(q, 'admin');
  await createClass(q, 'copy', 'auto');
  await createClass(q, 'legal', 'quorum');
  await createRuleSet(
    q.http,
    admin.accessToken,
    {
      key: 'copy',
      rules: [{ id: 'no-buzzwords', kind: 'banned-term', severity: 'error', terms: ['synergy'] }],
    },
    ['copy'],
  );
  await createRuleSet(
    q.http,
    admin.accessToken,
    {
      key: 'legal',
      rules: [{ id: 'disclaimer', kind: 'required-phrase', severity: 'error', phrase: DISCLAIMER }],
    },
    ['legal'],
  );
  return admin;
}

export interface SubmissionLog {
  /** Asset id → the state it must end in, for every submission answered 202. */
  accepted: Map<string, Expected>;
  /** Titles of submissions answered 503: none of them may be stored. */
  refused: string[];
  /** Anything else: each is a defect. */
  unexpected: string[];
}

/**
 * Sends the plan through the HTTP API, eight requests at a time with the bot's key. A 503 is
 * recorded and the submission dropped (a later retry would blur whether the refused one was stored);
 * the sender pauses briefly after one, as a client backing off would, so an outage does not eat the plan.
 */
export async function submitAll(
  q: Quorate,
  plan: Planned[],
  { concurrency = 8, backoffMs = 500 } = {},
): Promise<SubmissionLog> {
  const log: SubmissionLog = { accepted: new Map(), refused: [], unexpected: [] };
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < plan.length; i = next++) {
        const { title, body, expected } = plan[i];
        try {
          const response = await q.http
            .post('/v1/assets')
            .set(bearer(q.demo.botKey))
            .send(body)
            .timeout(20_000);
          if (response.status === 202) log.accepted.set(response.body.id as string, expected);
          else if (response.status === 503) {
            log.refused.push(title);
            await new Promise((resolve) => setTimeout(resolve, backoffMs));
          } else log.unexpected.push(`${title}: ${response.status} ${response.text}`);
        } catch (error) {
          log.unexpected.push(`${title}: ${String(error)}`);
        }
      }
    }),
  );
  return log;
}

export interface ChaosRun {
  q: Quorate;
  admin: Person;
  /** The worker runs as a child process, so a scenario can SIGKILL it. */
  worker: WorkerProcess;
  stop(): Promise<void>;
}

/** The API in this process, the worker ready to start in another, and the classes every scenario submits to. */
export async function startChaosRun(env: TestEnv): Promise<ChaosRun> {
  const q = await startQuorate({
    worker: false,
    env: { SUBMIT_RATE_LIMIT: '1000000', WORKER_CONCURRENCY: '16', ...env },
  });
  const admin = await setUpClasses(q);
  const worker = new WorkerProcess(q.env);
  return {
    q,
    admin,
    worker,
    async stop() {
      await worker.kill();
      await q.close();
    },
  };
}
