import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac, randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { Env } from '@app/config';
import { FollowUp, JobName } from '@app/queues';
import {
  AssetClassEntity,
  AssetEntity,
  BotEntity,
  UserEntity,
  WebhookDeliveryEntity,
  WebhookEntity,
  WebhookEvent,
  WebhookKind,
} from '../entities';
import { BadRequestError, NotFoundError } from '../errors';
import { sha256Hex } from '../hashing';
import { ServiceSecrets } from '../identity/service-secrets.service';
import { LedgerActor, LedgerService } from '../ledger/ledger.service';
import { slackMessage } from './slack-message';
import { webhookUrlProblem } from './webhook-address';
import { formatSecret, signedHeaders, webhookKey } from './webhook-signing';
import {
  DeliveryOutcome,
  DestinationRefusedError,
  postWebhook,
  REFUSED_INVALID,
  Resolver,
  StatusClass,
  TransportOptions,
  vetDestination,
} from './webhook-transport';
import { MetricsService } from '../metrics/metrics.service';

export interface WebhookView {
  id: string;
  url: string;
  kind: WebhookKind;
  events: WebhookEvent[];
  disabled: boolean;
  /** Until then the secret before the last rotation still signs deliveries; null when none does. */
  previousSecretValidUntil: string | null;
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  event: WebhookEvent;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** Only the class of the receiver's last answer, and only generic errors: never a port scanner. */
  lastStatus: StatusClass | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Webhooks are an outbox: an event's deliveries are rows written in the same transaction as the
 * change that caused it, so a committed change always notifies and a rolled-back one never does.
 */
@Injectable()
export class WebhookService {
  private readonly logger = new Logger(WebhookService.name);
  /** Replaced only by tests that make a name resolve to a chosen address. */
  resolver?: Resolver;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly config: ConfigService<Env, true>,
    private readonly secrets: ServiceSecrets,
    private readonly metrics: MetricsService,
  ) {}

  /** The secret receivers verify with, `whsec_<base64 key>`; shown once, at creation or rotation. */
  secretFor(hook: Pick<WebhookEntity, 'id' | 'secretSalt'>): string {
    return formatSecret(this.keyFor(hook.id, hook.secretSalt));
  }

  async register(
    actor: LedgerActor,
    input: { url: string; events: WebhookEvent[]; kind?: WebhookKind },
  ): Promise<{ webhook: WebhookView; secret: string }> {
    await this.checkDestination(input.url);
    return this.dataSource.transaction(async (em) => {
      const created = await em.save(
        em.create(WebhookEntity, {
          url: input.url,
          kind: input.kind ?? 'standard',
          events: [...new Set(input.events)],
          secretSalt: newSalt(),
          createdBy: actor.type === 'user' ? actor.id : null,
        }),
      );
      await this.ledger.append(em, {
        kind: 'webhook.registered',
        assetId: null,
        actor,
        // The URL only as a hash: ledger entries are public to auditors and hold no endpoints in clear.
        data: {
          webhookId: created.id,
          urlSha256: sha256Hex(input.url),
          kind: created.kind,
          events: created.events,
        },
      });
      return { webhook: this.view(created), secret: this.secretFor(created) };
    });
  }

  /**
   * A new secret, returned once. The one it replaces keeps signing (both signatures are sent) for
   * WEBHOOK_GRACE_SECONDS, so receivers can switch without missing a delivery.
   */
  async rotateSecret(actor: LedgerActor, id: string): Promise<{ webhook: WebhookView; secret: string }> {
    return this.dataSource.transaction(async (em) => {
      const found = await em.findOne(WebhookEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw new NotFoundError(`Webhook ${id} not found`);
      const grace = this.config.get('WEBHOOK_GRACE_SECONDS', { infer: true });
      found.previousSecretSalt = found.secretSalt;
      found.previousSecretExpiresAt = new Date(Date.now() + grace * 1000);
      found.secretSalt = newSalt();
      await em.save(found);
      await this.ledger.append(em, {
        kind: 'webhook.secret_rotated',
        assetId: null,
        actor,
        data: { webhookId: id, previousValidUntil: found.previousSecretExpiresAt.toISOString() },
      });
      return { webhook: this.view(found), secret: this.secretFor(found) };
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
      lastStatus: d.lastStatusClass,
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
    const body =
      hook.kind === 'slack'
        ? JSON.stringify(await this.chatMessage(delivery))
        : JSON.stringify({
            id: delivery.id,
            event: delivery.event,
            createdAt: delivery.createdAt.toISOString(),
            data: delivery.payload,
          });
    // The delivery id is the message id: the same across retries, so receivers can drop duplicates.
    const now = new Date();
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': 'Quorate-Webhooks/1',
      ...signedHeaders(this.signingKeys(hook, now), delivery.id, now, body),
    };
    // Rows from before registration checked the form (a user name in the URL, say) are refused too.
    const outcome: DeliveryOutcome = webhookUrlProblem(hook.url)
      ? { statusClass: null, error: REFUSED_INVALID }
      : await postWebhook(new URL(hook.url), headers, body, this.transport());
    const failure =
      outcome.error ?? (outcome.statusClass === '2xx' ? null : `receiver answered ${outcome.statusClass}`);
    this.metrics.webhookDeliveries.inc({ status_class: outcome.statusClass ?? 'error' });
    await this.dataSource.getRepository(WebhookDeliveryEntity).update(
      { id: delivery.id, status: 'pending' },
      failure
        ? { attempts: () => 'attempts + 1', lastStatusClass: outcome.statusClass, lastError: failure }
        : {
            attempts: () => 'attempts + 1',
            lastStatusClass: outcome.statusClass,
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

  /**
   * Registration refuses what delivery would refuse: a malformed URL, or a host that is (or resolves
   * to) a private address. A name that does not resolve yet is accepted; each delivery checks again.
   */
  private async checkDestination(raw: string): Promise<void> {
    const problem = webhookUrlProblem(raw);
    if (problem) throw new BadRequestError(problem);
    try {
      await vetDestination(new URL(raw), this.transport());
    } catch (error) {
      if (error instanceof DestinationRefusedError) {
        throw new BadRequestError(
          `url must not point at a private, loopback or reserved address (${error.range})`,
        );
      }
    }
  }

  private transport(): TransportOptions {
    return {
      allowPrivate: this.config.get('WEBHOOK_ALLOW_PRIVATE', { infer: true }),
      timeoutMs: DELIVERY_TIMEOUT_MS,
      resolve: this.resolver,
    };
  }

  private keyFor(webhookId: string, salt: string | null): Buffer {
    const serverSecret = this.secrets.current.webhook;
    // Webhooks created before salts existed keep the key they were shown: HMAC(server secret, id).
    if (salt === null) return createHmac('sha256', serverSecret).update(webhookId).digest();
    return webhookKey(serverSecret, webhookId, salt);
  }

  private signingKeys(hook: WebhookEntity, now: Date): Buffer[] {
    const keys = [this.keyFor(hook.id, hook.secretSalt)];
    if (hook.previousSecretExpiresAt && hook.previousSecretExpiresAt > now) {
      keys.push(this.keyFor(hook.id, hook.previousSecretSalt));
    }
    return keys;
  }

  private async chatMessage(delivery: WebhookDeliveryEntity): Promise<unknown> {
    const data = delivery.payload;
    const asset = await this.dataSource.getRepository(AssetEntity).findOneBy({ id: String(data.assetId) });
    const [cls, bot, voter] = await Promise.all([
      asset && this.dataSource.getRepository(AssetClassEntity).findOneBy({ id: asset.classId }),
      asset && this.dataSource.getRepository(BotEntity).findOneBy({ id: asset.botId }),
      typeof data.voterId === 'string'
        ? this.dataSource.getRepository(UserEntity).findOneBy({ id: data.voterId })
        : null,
    ]);
    return slackMessage(delivery.event, data, {
      assetTitle: asset?.title ?? 'an asset',
      className: cls?.name ?? 'unknown class',
      botName: bot?.name ?? 'a bot',
      voterName: voter?.displayName || undefined,
      publicUrl: this.config.get('PUBLIC_URL', { infer: true }) ?? '',
    });
  }

  private view(w: WebhookEntity): WebhookView {
    const until = w.previousSecretExpiresAt;
    return {
      id: w.id,
      url: w.url,
      kind: w.kind,
      events: w.events,
      disabled: Boolean(w.disabledAt),
      previousSecretValidUntil: until && until > new Date() ? until.toISOString() : null,
      createdAt: w.createdAt.toISOString(),
    };
  }
}

function newSalt(): string {
  return randomBytes(16).toString('hex');
}
