import type { Type } from '@nestjs/common';
import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { ALL_VERSION_STATUSES, VOTE_CHOICES } from '@app/domain';
import type { VersionStatus, VoteChoice } from '@app/domain';
import type { WebhookEvent } from '@app/core';
import { FindingDto } from '../assets/asset-views.dto';
import { TallyDto } from '../decisions/decision-views.dto';

/** The `data` of each event, as WebhookService.emit records it. */
export class VersionValidatedData {
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ALL_VERSION_STATUSES, enumName: 'VersionStatus' }) status!: VersionStatus;
  @ApiProperty({ type: [FindingDto] }) findings!: FindingDto[];
}

export class DecisionOpenedData {
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty() version!: number;
  @ApiProperty() policyVersion!: number;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
}

export class VoteCastData {
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty({ format: 'uuid' }) voterId!: string;
  @ApiProperty({ enum: VOTE_CHOICES, enumName: 'VoteChoice' }) choice!: VoteChoice;
  @ApiProperty() weight!: number;
}

export class DecisionClosedData {
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['approved', 'rejected', 'expired'] }) outcome!: string;
  @ApiProperty({ enum: ['early', 'deadline', 'veto'] }) closedBy!: string;
  @ApiProperty({ type: TallyDto }) tally!: TallyDto;
}

export class VersionReleasedData {
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty() version!: number;
  @ApiProperty() contentSha256!: string;
}

const EVENTS: Record<WebhookEvent, { data: Type; summary: string }> = {
  'version.validated': { data: VersionValidatedData, summary: 'A version passed validation' },
  'version.validation_failed': {
    data: VersionValidatedData,
    summary: 'A version failed validation; `findings` say why',
  },
  'decision.opened': { data: DecisionOpenedData, summary: 'A version went to review' },
  'vote.cast': { data: VoteCastData, summary: 'A reviewer voted' },
  'decision.closed': { data: DecisionClosedData, summary: 'A review ended' },
  'version.released': { data: VersionReleasedData, summary: 'An approved version was released' },
};

/**
 * Each event as an OpenAPI 3.0 `x-webhooks` entry: the JSON body POSTed to a registered URL,
 * `{id, event, createdAt, data}`, with the event's own `data`.
 */
export function webhookDocumentation(): { extraModels: Type[]; webhooks: Record<string, unknown> } {
  const webhooks = Object.fromEntries(
    Object.entries(EVENTS).map(([event, { data, summary }]) => [
      event,
      {
        post: {
          summary,
          operationId: `webhook_${event.replace('.', '_')}`,
          security: [],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['id', 'event', 'createdAt', 'data'],
                  properties: {
                    id: { type: 'string', format: 'uuid', description: 'The delivery id' },
                    event: { type: 'string', enum: [event] },
                    createdAt: { type: 'string', format: 'date-time' },
                    data: { $ref: getSchemaPath(data) },
                  },
                },
              },
            },
          },
          responses: { '200': { description: 'Any 2xx acknowledges; anything else is retried' } },
        },
      },
    ]),
  );
  return { extraModels: [...new Set(Object.values(EVENTS).map((e) => e.data))], webhooks };
}
