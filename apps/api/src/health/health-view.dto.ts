import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';

export class LiveDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

const INDICATORS: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
    required: ['status'],
    additionalProperties: true,
  },
  description: 'Per dependency (database, redis)',
};

export class ReadyDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiPropertyOptional(INDICATORS) info?: Record<string, { status: 'up' | 'down' }>;
  @ApiPropertyOptional(INDICATORS) error?: Record<string, { status: 'up' | 'down' }>;
  @ApiProperty(INDICATORS) details!: Record<string, { status: 'up' | 'down' }>;
}
