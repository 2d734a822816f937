import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_EVENTS } from '@app/core';
import type { DeliveryView, WebhookEvent, WebhookView } from '@app/core';

export class WebhookDto implements WebhookView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEvent', isArray: true }) events!: WebhookEvent[];
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class RegisteredWebhookDto {
  @ApiProperty({ type: WebhookDto }) webhook!: WebhookDto;
  @ApiProperty({ description: 'The signing secret (whsec_...), shown this once' }) secret!: string;
}

export class DeliveryDto implements DeliveryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEvent' }) event!: WebhookEvent;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status!: DeliveryView['status'];
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: Number, nullable: true }) lastStatusCode!: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
}
