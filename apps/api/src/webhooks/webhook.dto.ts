import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  registerDecorator,
} from 'class-validator';
import { WEBHOOK_EVENTS, WEBHOOK_KINDS, webhookUrlProblem } from '@app/core';
import type { WebhookEvent, WebhookKind } from '@app/core';

/** The URL's form (http(s), no user name or password, IPv4 only as four decimals); its address is the service's. */
function IsWebhookUrl(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isWebhookUrl',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value === 'string' && webhookUrlProblem(value) === null,
        defaultMessage: (args) =>
          (typeof args?.value === 'string' && webhookUrlProblem(args.value)) || 'url must be an http(s) URL',
      },
    });
}

export class RegisterWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.com/quorate',
    description:
      'http(s) URL of a public address: loopback, private, link-local, CGNAT, multicast and reserved ' +
      'addresses (literal or resolved) are refused unless the operator sets WEBHOOK_ALLOW_PRIVATE. No user name or password.',
    maxLength: 2000,
  })
  @IsString()
  @MaxLength(2000)
  @IsWebhookUrl()
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEvent', isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events!: WebhookEvent[];

  @ApiPropertyOptional({
    enum: WEBHOOK_KINDS,
    enumName: 'WebhookKind',
    default: 'standard',
    description:
      '`standard`: signed JSON events (Standard Webhooks). `slack`: a chat message `{text, blocks}` for a ' +
      'Slack, Mattermost or Rocket.Chat incoming webhook, with links into the web app.',
  })
  @IsOptional()
  @IsIn(WEBHOOK_KINDS)
  kind?: WebhookKind;
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  url!: string;

  @ApiProperty({ enum: WEBHOOK_KINDS, enumName: 'WebhookKind' })
  kind!: WebhookKind;

  @ApiProperty({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEvent', isArray: true })
  events!: WebhookEvent[];

  @ApiProperty()
  disabled!: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until then the secret before the last rotation also signs deliveries',
  })
  previousSecretValidUntil!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class WebhookWithSecretDto {
  @ApiProperty({ type: WebhookDto })
  webhook!: WebhookDto;

  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description:
      'The signing secret for `new Webhook(secret)` of the standardwebhooks libraries. Shown only this once.',
  })
  secret!: string;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid', description: 'Also the `webhook-id` header, the same on every retry' })
  id!: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEvent' })
  event!: WebhookEvent;

  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] })
  status!: 'pending' | 'delivered' | 'failed';

  @ApiProperty()
  attempts!: number;

  @ApiProperty({
    enum: ['2xx', '3xx', '4xx', '5xx'],
    nullable: true,
    description: 'Class of the last answer',
  })
  lastStatus!: '2xx' | '3xx' | '4xx' | '5xx' | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'connection failed',
    description:
      'One of `refused: private address`, `refused: invalid url`, `timeout`, `connection failed`, `receiver answered 3xx|4xx|5xx`',
  })
  lastError!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt!: string | null;
}
