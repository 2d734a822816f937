import { forEachConcurrently } from './concurrency';
import { keepAliveAgent, postJson } from './http-client';

export interface Submitted {
  /** When the first request was sent, wall-clock milliseconds. */
  startedAt: number;
  /** Asset id to the moment its request was sent. */
  sentAt: Map<string, number>;
}

/** Sends every body to POST /v1/assets with `concurrency` requests in flight; any answer but 202 fails. */
export async function submitAll(
  apiUrl: string,
  botKey: string,
  bodies: readonly string[],
  concurrency: number,
): Promise<Submitted> {
  const agent = keepAliveAgent(concurrency);
  const headers = { authorization: `Bearer ${botKey}` };
  const sentAt = new Map<string, number>();
  const startedAt = Date.now();
  try {
    await forEachConcurrently(bodies.length, concurrency, async (index) => {
      const sent = Date.now();
      const response = await postJson(agent, `${apiUrl}/v1/assets`, bodies[index], headers);
      if (response.status !== 202) {
        throw new Error(`submission ${index} answered ${response.status}: ${response.body.slice(0, 300)}`);
      }
      sentAt.set((JSON.parse(response.body) as { id: string }).id, sent);
    });
  } finally {
    agent.destroy();
  }
  return { startedAt, sentAt };
}
