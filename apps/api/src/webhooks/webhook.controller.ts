import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DeliveryView, WebhookService, WebhookView } from '@app/core';
import { Allow } from '../auth/access.decorator';
import { actorOf, Caller, CurrentCaller } from '../auth/caller';
import { RegisterWebhookDto } from './webhook.dto';

/**
 * Deliveries are signed: `Quorate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`.
 * The secret is shown once, when the webhook is registered.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Allow('admin')
@Controller('v1/webhooks')
export class WebhookController {
  constructor(private readonly webhooks: WebhookService) {}

  @Get()
  list(): Promise<WebhookView[]> {
    return this.webhooks.list();
  }

  @Post()
  register(
    @CurrentCaller() caller: Caller,
    @Body() body: RegisterWebhookDto,
  ): Promise<{ webhook: WebhookView; secret: string }> {
    return this.webhooks.register(actorOf(caller), body);
  }

  @Post(':id/disable')
  @HttpCode(200)
  disable(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<WebhookView> {
    return this.webhooks.disable(actorOf(caller), id);
  }

  /** The most recent deliveries, with their attempts and the receiver's last answer. */
  @Get(':id/deliveries')
  deliveries(@Param('id', new ParseUUIDPipe()) id: string): Promise<DeliveryView[]> {
    return this.webhooks.deliveries(id);
  }
}
