import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { Env } from '@app/config';
import { FollowUp, JobName } from '@app/queues';
import { WebhookDeliveryEntity, WebhookEntity, WebhookEvent } from '../entities';
import { NotFoundError } from '../errors';
import { LedgerActor, LedgerService } from '../ledger/ledger.service';
import { MetricsService, statusClass } from '../metrics/metrics.service';

export interface WebhookView {
  id: string;
  url: string;
  events: WebhookEvent[];
  disabled: boolean;
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  event: WebhookEvent;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export const SIGNATURE_HEADER = 'Quorate-Signature';
const DELIVERY_TIMEOUT_MS = 10_000;

/** Receivers verify `v1` as HMAC-SHA256(secret, `${t}.${body}`), and reject old `t` to stop replays. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/**
 * Webhooks are an outbox: an event's deliveries are rows written in the same transaction as the
 * change that caused it, so a committed change always notifies and a rolled-back one never does.
 */
@Injectable()
export class WebhookService {
  private readonly logger = new Logger(WebhookService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly config: ConfigService<Env, true>,
    private readonly metrics: MetricsService,
  ) {}

  /** Each webhook's secret is derived from the server's key, so no secret is stored; it is shown once. */
  secretFor(webhookId: string): string {
    return (
      'whsec_' +
      createHmac('sha256', this.config.get('WEBHOOK_SECRET', { infer: true }))
        .update(webhookId)
        .digest('base64url')
    );
  }

  async register(
    actor: LedgerActor,
    input: { url: string; events: WebhookEvent[] },
  ): Promise<{ webhook: WebhookView; secret: string }> {
    return this.dataSource.transaction(async (em) => {
      const created = await em.save(
        em.create(WebhookEntity, {
          url: input.url,
          events: [...new Set(input.events)],
          createdBy: actor.type === 'user' ? actor.id : null,
        }),
      );
      await this.ledger.append(em, {
        kind: 'webhook.registered',
        assetId: null,
        actor,
        data: { webhookId: created.id, url: input.url, events: created.events },
      });
      return { webhook: this.view(created), secret: this.secretFor(created.id) };
    });
  }

  async list(): Promise<WebhookView[]> {
    return (await this.dataSource.getRepository(WebhookEntity).find({ order: { createdAt: 'ASC' } })).map(
      (w) => this.view(w),
    );
  }

  async disable(actor: LedgerActor, id: string): Promise<WebhookView> {
    return this.dataSource.transaction(async (em) => {
      const found = await em.findOneBy(WebhookEntity, { id });
      if (!found) throw new NotFoundError(`Webhook ${id} not found`);
      if (!found.disabledAt) {
        found.disabledAt = new Date();
        await em.save(found);
        await this.ledger.append(em, {
          kind: 'webhook.disabled',
          assetId: null,
          actor,
          data: { webhookId: id },
        });
      }
      return this.view(found);
    });
  }

  async deliveries(webhookId: string, limit = 100): Promise<DeliveryView[]> {
    if (!(await this.dataSource.getRepository(WebhookEntity).existsBy({ id: webhookId }))) {
      throw new NotFoundError(`Webhook ${webhookId} not found`);
    }
    const rows = await this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .find({ where: { webhookId }, order: { createdAt: 'DESC' }, take: limit });
    return rows.map((d) => ({
      id: d.id,
      event: d.event,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      createdAt: d.createdAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
    }));
  }

  /** Records one delivery per subscribed webhook; the caller enqueues the returned jobs after commit. */
  async emit(em: EntityManager, event: WebhookEvent, data: Record<string, unknown>): Promise<FollowUp[]> {
    // One statement however many webhooks listen: it runs inside the caller's (often hot) transaction.
    const deliveries = await em.query<{ id: string }[]>(
      `INSERT INTO webhook_deliveries (webhook_id, event, payload, status, attempts)
       SELECT id, $1, $2::jsonb, 'pending', 0 FROM webhooks WHERE disabled_at IS NULL AND $1 = ANY(events)
       RETURNING id`,
      [event, JSON.stringify(data)],
    );
    return deliveries.map((delivery) => ({ job: JobName.DeliverWebhook, id: delivery.id }));
  }

  /**
   * One attempt. Throws when the receiver did not take it, so the queue retries with backoff; the
   * delivery is marked failed once the attempts run out (see `giveUp`).
   */
  async deliver(deliveryId: string): Promise<void> {
    const delivery = await this.dataSource.getRepository(WebhookDeliveryEntity).findOneBy({ id: deliveryId });
    if (!delivery || delivery.status !== 'pending') return;
    const hook = await this.dataSource
      .getRepository(WebhookEntity)
      .findOneBy({ id: delivery.webhookId, disabledAt: IsNull() });
    if (!hook) return;
    const body = JSON.stringify({
      id: delivery.id,
      event: delivery.event,
      createdAt: delivery.createdAt.toISOString(),
      data: delivery.payload,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    let statusCode: number | null = null;
    let failure: string | null = null;
    try {
      const response = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Quorate-Webhooks/1',
          'Quorate-Event': delivery.event,
          'Quorate-Delivery': delivery.id,
          [SIGNATURE_HEADER]: signWebhook(this.secretFor(hook.id), timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      statusCode = response.status;
      await response.body?.cancel();
      if (response.status < 200 || response.status >= 300) failure = `receiver answered ${response.status}`;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    this.metrics.webhookDeliveries.inc({ status_class: statusClass(statusCode) });
    await this.dataSource.getRepository(WebhookDeliveryEntity).update(
      { id: delivery.id, status: 'pending' },
      failure
        ? { attempts: () => 'attempts + 1', lastStatusCode: statusCode, lastError: failure.slice(0, 500) }
        : {
            attempts: () => 'attempts + 1',
            lastStatusCode: statusCode,
            lastError: null,
            status: 'delivered',
            deliveredAt: new Date(),
          },
    );
    if (failure) throw new Error(`webhook delivery ${delivery.id} failed: ${failure}`);
  }

  async giveUp(deliveryId: string): Promise<void> {
    this.logger.warn({ deliveryId }, 'webhook delivery failed for good');
    await this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .update({ id: deliveryId, status: 'pending' }, { status: 'failed' });
  }

  private view(w: WebhookEntity): WebhookView {
    return {
      id: w.id,
      url: w.url,
      events: w.events,
      disabled: Boolean(w.disabledAt),
      createdAt: w.createdAt.toISOString(),
    };
  }
}
