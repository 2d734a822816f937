import { ApiProperty, OmitType } from '@nestjs/swagger';
import type { BotDecisionView } from '@app/core';
import {
  ChecksDto,
  DecisionDto,
  DecisionPolicyDto,
  ExplanationDto,
  QuorumProgressDto,
  TallyDto,
} from '../decisions/decision-views.dto';

class VoterCountsDto {
  @ApiProperty() total!: number;
  @ApiProperty() approve!: number;
  @ApiProperty() reject!: number;
  @ApiProperty() abstain!: number;
  @ApiProperty() uncast!: number;
}

/** The explanation without who voted: ignored votes are only counted. */
export class BotExplanationDto extends OmitType(ExplanationDto, ['voters', 'ignoredVotes'] as const) {
  @ApiProperty({
    description: 'How many votes did not count (cast at or after the deadline, or by no one on the roster)',
  })
  ignoredVotes!: number;
}

/**
 * What a bot reads about the decision on its version: outcome, policy, tally and checks, with voter
 * counts but no voter identities. People reading the same route get the full decision instead.
 */
export class BotDecisionDto
  extends OmitType(DecisionDto, ['roster', 'votes', 'explanation', 'voterNames'] as const)
  implements BotDecisionView
{
  @ApiProperty({ type: DecisionPolicyDto }) declare policy: DecisionPolicyDto;
  @ApiProperty({ type: TallyDto }) declare tally: TallyDto;
  @ApiProperty({ type: ChecksDto }) declare checks: ChecksDto;
  @ApiProperty({ type: QuorumProgressDto }) declare quorum: QuorumProgressDto;
  @ApiProperty({ type: VoterCountsDto }) voters!: VoterCountsDto;
  @ApiProperty({ type: BotExplanationDto }) explanation!: BotExplanationDto;
}
