import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsUrl, MaxLength } from 'class-validator';
import { WEBHOOK_EVENTS } from '@app/core';
import type { WebhookEvent } from '@app/core';

export class RegisterWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.com/quorate',
    description: 'An http(s) URL without user:password@ (the signature authenticates deliveries)',
  })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be an http(s) URL' },
  )
  // Credentials in a URL end up in logs, delivery errors and the ledger's copy of the URL.
  @IsUrl({ disallow_auth: true, require_tld: false }, { message: 'url must not contain user:password@' })
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events!: WebhookEvent[];
}
