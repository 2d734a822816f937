import { Webhook } from 'standardwebhooks';
import type { components } from './openapi';

type Schemas = components['schemas'];

/** The body of a webhook delivery: which event, when, and the event's own data. */
export type WebhookDelivery =
  | Delivery<'version.validated' | 'version.validation_failed', Schemas['VersionValidatedData']>
  | Delivery<'decision.opened', Schemas['DecisionOpenedData']>
  | Delivery<'vote.cast', Schemas['VoteCastData']>
  | Delivery<'decision.closed', Schemas['DecisionClosedData']>
  | Delivery<'version.released', Schemas['VersionReleasedData']>;

interface Delivery<E extends Schemas['WebhookEvent'], D> {
  id: string;
  event: E;
  createdAt: string;
  data: D;
}

/**
 * Checks a delivery's Standard Webhooks signature (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`) against the secret shown when the webhook was registered, and rejects
 * timestamps more than five minutes off. Pass the raw body exactly as received, not re-serialised.
 * Throws when the signature does not verify.
 */
export function verifyWebhook(
  secret: string,
  rawBody: string | Buffer,
  headers: Record<string, string | string[] | undefined>,
): WebhookDelivery {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const payload = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  return new Webhook(secret).verify(payload, flat) as WebhookDelivery;
}
