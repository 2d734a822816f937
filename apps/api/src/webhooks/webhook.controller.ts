import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { DeliveryView, WebhookService, WebhookView } from '@app/core';
import { Allow } from '../auth/access.decorator';
import { actorOf, Caller, CurrentCaller } from '../auth/caller';
import { RegisterWebhookDto, WebhookDeliveryDto, WebhookDto, WebhookWithSecretDto } from './webhook.dto';

/**
 * Deliveries follow Standard Webhooks: `webhook-id` (the delivery id, the same on every retry),
 * `webhook-timestamp` (unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<body>">`, keyed with the `whsec_` secret shown once at registration or rotation.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Allow('admin')
@Controller('v1/webhooks')
export class WebhookController {
  constructor(private readonly webhooks: WebhookService) {}

  @Get()
  @ApiOperation({ summary: 'List registered webhooks' })
  @ApiOkResponse({ type: WebhookDto, isArray: true })
  list(): Promise<WebhookView[]> {
    return this.webhooks.list();
  }

  @Post()
  @ApiOperation({ summary: 'Register a webhook; its signing secret is in the answer, and only there' })
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  @ApiErrors(400)
  register(@CurrentCaller() caller: Caller, @Body() body: RegisterWebhookDto): Promise<WebhookWithSecretDto> {
    return this.webhooks.register(actorOf(caller), body);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replace the signing secret; the new one is in the answer, and only there',
    description:
      'For WEBHOOK_GRACE_SECONDS (24 h by default) deliveries carry signatures with both the old and ' +
      'the new secret, space-separated in `webhook-signature`, so a receiver can switch without missing one.',
  })
  @ApiOkResponse({ type: WebhookWithSecretDto })
  @ApiErrors(404)
  rotateSecret(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<WebhookWithSecretDto> {
    return this.webhooks.rotateSecret(actorOf(caller), id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop delivering to a webhook' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiErrors(404)
  disable(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<WebhookView> {
    return this.webhooks.disable(actorOf(caller), id);
  }

  /** The most recent deliveries, with their attempts and the class of the receiver's last answer. */
  @Get(':id/deliveries')
  @ApiOperation({ summary: "A webhook's most recent deliveries" })
  @ApiOkResponse({ type: WebhookDeliveryDto, isArray: true })
  @ApiErrors(404)
  deliveries(@Param('id', new ParseUUIDPipe()) id: string): Promise<DeliveryView[]> {
    return this.webhooks.deliveries(id);
  }
}
