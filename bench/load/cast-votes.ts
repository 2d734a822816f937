import { performance } from 'node:perf_hooks';
import { forEachConcurrently } from './concurrency';
import { keepAliveAgent, postJson } from './http-client';
import { PipelineSample, timedSample } from './stats';

export interface VoteRequest {
  /** The URL to post to: the decision's votes. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends every vote with `concurrency` requests in flight on keep-alive connections, each vote timed
 * from its send to its answer; any answer but 200 or 201 fails. The bodies are built beforehand.
 */
export async function castVotes(votes: readonly VoteRequest[], concurrency: number): Promise<PipelineSample> {
  const agent = keepAliveAgent(concurrency);
  const latencies: number[] = [];
  const started = performance.now();
  try {
    await forEachConcurrently(votes.length, concurrency, async (index) => {
      const { url, headers, body } = votes[index];
      const sent = performance.now();
      const response = await postJson(agent, url, body, headers);
      if (response.status !== 200 && response.status !== 201) {
        throw new Error(`vote ${index} answered ${response.status}: ${response.body.slice(0, 300)}`);
      }
      latencies.push(performance.now() - sent);
    });
  } finally {
    agent.destroy();
  }
  return timedSample(votes.length, started, performance.now(), latencies);
}
