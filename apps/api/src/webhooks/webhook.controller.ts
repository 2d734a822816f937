import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { DeliveryDto, RegisteredWebhookDto, WebhookDto } from './webhook-views.dto';
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
  @ApiOperation({ summary: 'List registered webhooks' })
  @ApiOkResponse({ type: [WebhookDto] })
  list(): Promise<WebhookView[]> {
    return this.webhooks.list();
  }

  @Post()
  @ApiOperation({ summary: 'Register a webhook; its signing secret is in this answer only' })
  @ApiCreatedResponse({ type: RegisteredWebhookDto })
  register(
    @CurrentCaller() caller: Caller,
    @Body() body: RegisterWebhookDto,
  ): Promise<{ webhook: WebhookView; secret: string }> {
    return this.webhooks.register(actorOf(caller), body);
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

  /** The most recent deliveries, with their attempts and the receiver's last answer. */
  @Get(':id/deliveries')
  @ApiOperation({ summary: "A webhook's most recent deliveries" })
  @ApiOkResponse({ type: [DeliveryDto] })
  @ApiErrors(404)
  deliveries(@Param('id', new ParseUUIDPipe()) id: string): Promise<DeliveryView[]> {
    return this.webhooks.deliveries(id);
  }
}
