import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { retryAfterMs } from './quorate.client';
import { verifyWebhook } from './webhook';

describe('the client library', () => {
  it('imports nothing from Nest or the server, so a bot can use it from plain Node', () => {
    const imports = readdirSync(__dirname)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .flatMap((file) =>
        [...readFileSync(join(__dirname, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]),
      );
    expect(imports.filter((name) => !/^(\.\/|node:|standardwebhooks$)/.test(name))).toEqual([]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-04T12:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Fri, 04 Dec 2026 12:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });

  describe('verifyWebhook', () => {
    const secret = `whsec_${Buffer.from('a webhook secret of 32 bytes....').toString('base64')}`;
    const body = JSON.stringify({
      id: '6f9b3c1e-0000-4000-8000-000000000001',
      event: 'version.released',
      createdAt: '2026-12-04T12:00:00.000Z',
      data: { assetId: '6f9b3c1e-0000-4000-8000-000000000002', version: 1, contentSha256: 'ab' },
    });
    const signed = (payload: string) => {
      const at = new Date();
      return {
        'Webhook-Id': 'msg_1',
        'Webhook-Timestamp': String(Math.floor(at.getTime() / 1000)),
        'Webhook-Signature': new Webhook(secret).sign('msg_1', at, payload),
      };
    };

    it('returns the delivery when the Standard Webhooks signature verifies', () => {
      const delivery = verifyWebhook(secret, Buffer.from(body), signed(body));
      expect(delivery.event).toBe('version.released');
    });

    it('throws for a body changed after signing, or another secret', () => {
      expect(() => verifyWebhook(secret, body.replace('"version":1', '"version":2'), signed(body))).toThrow();
      const other = `whsec_${Buffer.from('another secret, also 32 bytes...').toString('base64')}`;
      expect(() => verifyWebhook(other, body, signed(body))).toThrow();
    });
  });
});
