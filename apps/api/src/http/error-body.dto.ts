import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The one error shape every route answers with (see the error filter), for the OpenAPI document. */
export class ErrorBodyDto {
  @ApiProperty({ example: 429 })
  statusCode!: number;

  @ApiProperty({ example: 'Too Many Requests' })
  error!: string;

  @ApiProperty({ example: 'What went wrong, in words a client developer can act on' })
  message!: string;

  @ApiPropertyOptional({ description: 'Structured detail, such as the limit that was reached' })
  details?: unknown;
}
