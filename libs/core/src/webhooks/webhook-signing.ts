import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com). Each webhook's key is derived from
 * the server's WEBHOOK_SECRET, the webhook id and a random salt stored on the row: no secret sits in
 * the database, a copy of the database alone cannot sign, and rotating means drawing a new salt.
 */
export function webhookKey(serverSecret: string, webhookId: string, salt: string): Buffer {
  return createHmac('sha256', serverSecret).update(`webhook-signing:${webhookId}:${salt}`).digest();
}

/** The form receivers paste into `new Webhook(secret)`: `whsec_` and the key in standard base64. */
export function formatSecret(key: Buffer): string {
  return `whsec_${key.toString('base64')}`;
}

/** Headers of one attempt; `keys` holds the current key and, during a rotation's grace, the old one. */
export function signedHeaders(
  keys: Buffer[],
  messageId: string,
  at: Date,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    // The spec allows several space-separated signatures; a receiver accepts the message if any matches.
    'webhook-signature': keys
      .map((key) => new Webhook(key, { format: 'raw' }).sign(messageId, at, body))
      .join(' '),
  };
}
