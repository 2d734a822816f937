import { createHash } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { eventually } from './harness';

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

export function textAsset(text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    classKey: 'demo',
    title: 'A test asset',
    mediaType: 'text/plain',
    text,
    sha256: sha256(text),
    ...overrides,
  };
}

export async function submit(http: TestAgent, key: string, body: Record<string, unknown>): Promise<string> {
  const response = await http.post('/v1/assets').set('Authorization', `Bearer ${key}`).send(body).expect(202);
  return (response.body as { id: string }).id;
}

const SETTLED = new Set([
  'released',
  'validation_failed',
  'rejected',
  'expired',
  'in_review',
  'superseded',
  'withdrawn',
]);

/** Waits for an asset's current version to leave the states the pipeline still owes work in. */
export async function settled(http: TestAgent, key: string, id: string, timeoutMs = 10_000): Promise<any> {
  return eventually(
    async () => {
      const response = await http.get(`/v1/assets/${id}`).set('Authorization', `Bearer ${key}`).expect(200);
      return SETTLED.has(response.body.status) ? response.body : undefined;
    },
    timeoutMs,
    `asset ${id} to settle`,
  );
}
