import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BotDecisionView } from '@app/core';

class VoterCountsDto {
  @ApiProperty() total!: number;
  @ApiProperty() approve!: number;
  @ApiProperty() reject!: number;
  @ApiProperty() abstain!: number;
  @ApiProperty() uncast!: number;
}

/**
 * What a bot reads about the decision on its version: outcome, policy, tally and checks, with voter
 * counts but no voter identities. People reading the same route get the full decision instead.
 */
export class BotDecisionDto implements Omit<BotDecisionView, 'policy' | 'tally' | 'checks' | 'explanation'> {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['open', 'approved', 'rejected', 'expired', 'superseded', 'withdrawn'] })
  state!: BotDecisionView['state'];
  @ApiPropertyOptional({ enum: ['early', 'deadline', 'veto', 'superseded', 'withdrawn'], nullable: true })
  closedBy!: BotDecisionView['closedBy'];
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty({ format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The consensus policy applied' })
  policy!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Weights: W total, A approve, R reject, B abstain, U uncast; approvers counted',
  })
  tally!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'boolean' } })
  checks!: Record<string, boolean>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  quorum!: BotDecisionView['quorum'];
  @ApiProperty({ type: VoterCountsDto }) voters!: VoterCountsDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Summary and formulas; ignoredVotes is a count. No voter ids.',
  })
  explanation!: Record<string, unknown>;
}
