import type { BenchOptions } from '../args';
import { Ballot, ballots, votersUsed } from '../load/ballots';
import { castVotes, VoteRequest } from '../load/cast-votes';
import { whileSampling } from '../load/db-waits';
import { openDecisions } from '../load/open-decisions';
import { quorumClass, Reviewer } from '../load/quorum-class';
import type { PipelineSample } from '../load/stats';
import { startRawVotes } from '../raw/votes';
import { log, row, Row } from '../report';
import { BenchContext, RunDirs, withContext } from '../stack/context';
import { startQuorate } from '../stack/quorate';
import { runTimeoutMs, sizeLabel } from './quorate-run';

const BODY = { choice: 'approve', reason: 'bench' };

/**
 * Votes through POST /v1/decisions/:id/votes of the real API: first spread over many open decisions,
 * then a crowd voting at once on one decision. Against a node:http server that locks a decision row
 * and inserts a vote row, with the same votes, decisions and concurrency.
 */
export async function votesBenchmark(options: BenchOptions, dirs: RunDirs): Promise<Row[]> {
  return withContext(dirs, async (context: BenchContext) => {
    const { votes: asked, decisions, voters: crowd, concurrency, runSeconds, runs } = options;
    log('votes: starting the API, one worker and the raw vote server');
    const [quorate, raw] = await Promise.all([startQuorate(context, 1), startRawVotes(context)]);
    const api = quorate.apiUrl;
    const ours = (decisionId: string, reviewer: Reviewer): VoteRequest => ({
      url: `${api}/v1/decisions/${decisionId}/votes`,
      headers: { authorization: `Bearer ${reviewer.token}` },
      body: JSON.stringify(BODY),
    });
    const bare = (decisionId: string, voter: number): VoteRequest => ({
      url: `${raw.url}/decisions/${decisionId}/votes`,
      headers: {},
      body: JSON.stringify({ ...BODY, voter }),
    });

    // Spread: one reviewer more than will ever vote, so that quorum (all the weight) is never met.
    const warm = Math.min(asked, decisions);
    const reviewers = votersUsed(warm, decisions) + votersUsed(asked, decisions) * runs + 1;
    log(`votes: a quorum class with ${reviewers} reviewers; opening ${decisions} decisions`);
    const spread = await quorumClass(context.db, api, 'bench-votes', reviewers);
    const ids = await openDecisions(
      context.db,
      api,
      spread.botKey,
      spread.classKey,
      decisions,
      'votes',
      runTimeoutMs(decisions),
    );
    const rawIds = await raw.openDecisions(decisions);
    let firstVoter = 0;
    const plan = (count: number): Ballot[] => {
      const planned = ballots(count, decisions, firstVoter);
      firstVoter += votersUsed(count, decisions);
      return planned;
    };
    const spreadRun = async (count: number, tag: string) => {
      const planned = plan(count);
      const base = await castVotes(
        planned.map((b) => bare(rawIds[b.decision], b.voter)),
        concurrency,
      );
      const requests = planned.map((b) => ours(ids[b.decision], spread.reviewers[b.voter]));
      const measured = await whileSampling(context, tag, () => castVotes(requests, concurrency));
      return { measured, base };
    };

    log(`votes: warming up with ${warm} votes each`);
    const warmUp = await spreadRun(warm, 'votes warm-up');
    const size = Math.min(asked, Math.max(warm, Math.round(warmUp.measured.perSecond * runSeconds)));
    if (size < asked) log(`votes: ${size} votes a run, so that a run takes about ${runSeconds} s`);
    const measured: PipelineSample[] = [];
    const base: PipelineSample[] = [];
    for (let run = 1; run <= runs; run++) {
      const sample = await spreadRun(size, `votes run ${run}`);
      measured.push(sample.measured);
      base.push(sample.base);
      log(`votes run ${run}/${runs}: quorate ${describe(sample.measured)}; raw ${describe(sample.base)}`);
    }
    await expectStates(context, ids, 'open', 'no spread vote was to close its decision');

    // Crowd: every reviewer's vote is needed, so the last of them closes the decision as approved.
    log(`votes: a quorum class with ${crowd} reviewers, and ${runs + 1} decisions for them`);
    const crowdClass = await quorumClass(context.db, api, 'bench-crowd', crowd);
    const crowdIds = await openDecisions(
      context.db,
      api,
      crowdClass.botKey,
      crowdClass.classKey,
      runs + 1,
      'crowd',
      runTimeoutMs(runs + 1),
    );
    const rawCrowdIds = await raw.openDecisions(runs + 1);
    const crowdRun = async (index: number, tag: string) => {
      const base = await castVotes(
        Array.from({ length: crowd }, (_, voter) => bare(rawCrowdIds[index], voter)),
        crowd,
      );
      const requests = crowdClass.reviewers.map((reviewer) => ours(crowdIds[index], reviewer));
      const measured = await whileSampling(context, tag, () => castVotes(requests, crowd));
      // The last vote's transaction closed the decision before its answer was sent.
      await expectStates(context, [crowdIds[index]], 'approved', 'the last crowd vote was to close it');
      return { measured, base };
    };
    log(`votes: warming up the crowd once`);
    await crowdRun(0, 'crowd warm-up');
    const crowdOurs: PipelineSample[] = [];
    const crowdBase: PipelineSample[] = [];
    for (let run = 1; run <= runs; run++) {
      const sample = await crowdRun(run, `crowd run ${run}`);
      crowdOurs.push(sample.measured);
      crowdBase.push(sample.base);
      log(`crowd run ${run}/${runs}: quorate ${describe(sample.measured)}; raw ${describe(sample.base)}`);
    }

    const spreadLabel =
      `votes: ${sizeLabel(size, asked, runSeconds)} over ${decisions} open decisions, ${concurrency} in flight, ` +
      'vs node:http + PG row lock and insert';
    const crowdLabel = `votes: ${crowd} voters at once on one decision (the last closes it), vs the same raw`;
    return [
      row(spreadLabel, 'votes/s', 'per-second', measured, base, (s) => s.perSecond),
      row(spreadLabel, 'p50 vote (ms)', 'ms', measured, base, (s) => s.p50Ms),
      row(spreadLabel, 'p99 vote (ms)', 'ms', measured, base, (s) => s.p99Ms),
      row(
        crowdLabel,
        'all in and closed (ms)',
        'ms',
        crowdOurs,
        crowdBase,
        (s) => (crowd / s.perSecond) * 1000,
      ),
      row(crowdLabel, 'p99 vote (ms)', 'ms', crowdOurs, crowdBase, (s) => s.p99Ms),
    ];
  });
}

async function expectStates(context: BenchContext, ids: string[], state: string, why: string): Promise<void> {
  const { rows } = await context.db.query<{ n: string }>(
    'SELECT count(*) AS n FROM decisions WHERE id = ANY($1::uuid[]) AND state = $2',
    [ids, state],
  );
  if (Number(rows[0].n) !== ids.length) {
    throw new Error(`${ids.length - Number(rows[0].n)} of ${ids.length} decisions are not ${state}: ${why}`);
  }
}

function describe(sample: PipelineSample): string {
  return `${sample.perSecond.toFixed(0)} votes/s, p50 ${sample.p50Ms.toFixed(0)} ms, p99 ${sample.p99Ms.toFixed(0)} ms`;
}
