import { ApiProperty } from '@nestjs/swagger';
import type { AssetClassView, DecisionView, InboxItem, PolicyView } from '@app/core';
import { VOTE_CHOICES } from '@app/domain';
import type { Checks, ConsensusPolicy, DryRunChange, FormulaLine, Tally, VoteChoice } from '@app/domain';

const DECISION_STATES = ['open', 'approved', 'rejected', 'expired', 'superseded', 'withdrawn'];
const CLOSED_BY = ['early', 'deadline', 'veto', 'superseded', 'withdrawn'];
const CHECKS = ['quorumMet', 'ratioMet', 'minApproversMet', 'requiredGroupsMet', 'vetoed'];

export class PolicyDto implements ConsensusPolicy {
  @ApiProperty({ enum: ['auto', 'quorum'] }) mode!: 'auto' | 'quorum';
  @ApiProperty({ description: 'Basis points of roster weight that must vote' }) quorumBps!: number;
  @ApiProperty({ description: 'Basis points of approve among approve and reject' }) approvalBps!: number;
  @ApiProperty() minApprovers!: number;
  @ApiProperty({ type: [String] }) requiredGroups!: string[];
  @ApiProperty({ type: [String] }) vetoGroups!: string[];
  @ApiProperty() votingPeriodSeconds!: number;
  @ApiProperty() earlyDecision!: boolean;
}

export class PolicyViewDto extends PolicyDto implements PolicyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() classKey!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DecisionPolicyDto extends PolicyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() version!: number;
}

export class ClassRuleSetRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() key!: string;
  @ApiProperty({ description: 'The latest version, which validation uses' }) version!: number;
}

export class AssetClassDto implements AssetClassView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], description: 'Groups whose weighted members vote; empty: everyone' })
  voterGroups!: string[];
  @ApiProperty({ type: PolicyViewDto, description: 'The current policy' }) policy!: PolicyViewDto;
  @ApiProperty({
    type: [ClassRuleSetRefDto],
    description: 'The rule sets validation applies, in this order, each at its latest version',
  })
  ruleSets!: ClassRuleSetRefDto[];
}

export class TallyDto implements Tally {
  @ApiProperty({ description: 'Total roster weight' }) W!: number;
  @ApiProperty({ description: 'Approve weight' }) A!: number;
  @ApiProperty({ description: 'Reject weight' }) R!: number;
  @ApiProperty({ description: 'Abstain weight' }) B!: number;
  @ApiProperty({ description: 'Uncast weight' }) U!: number;
  @ApiProperty() approvers!: number;
  @ApiProperty({ type: [String] }) approvedGroups!: string[];
}

export class ChecksDto implements Checks {
  @ApiProperty() quorumMet!: boolean;
  @ApiProperty() ratioMet!: boolean;
  @ApiProperty() minApproversMet!: boolean;
  @ApiProperty() requiredGroupsMet!: boolean;
  @ApiProperty({ description: 'A veto was cast' }) vetoed!: boolean;
}

export class FormulaLineDto implements FormulaLine {
  @ApiProperty({ enum: CHECKS }) check!: keyof Checks;
  @ApiProperty() formula!: string;
  @ApiProperty({ description: 'The formula with the numbers put in' }) evaluated!: string;
  @ApiProperty() holds!: boolean;
}

export class RosterEntryDto {
  @ApiProperty({ format: 'uuid' }) voterId!: string;
  @ApiProperty() weight!: number;
  @ApiProperty({ type: [String] }) groups!: string[];
}

export class VoteDto {
  @ApiProperty({ format: 'uuid' }) voterId!: string;
  @ApiProperty({ enum: VOTE_CHOICES, enumName: 'VoteChoice' }) choice!: VoteChoice;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) castAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The decision of an earlier version this vote was carried over from',
  })
  carriedFrom!: string | null;
}

export class QuorumProgressDto {
  @ApiProperty() cast!: number;
  @ApiProperty() needed!: number;
  @ApiProperty() total!: number;
}

export class ExplainedVoterDto extends RosterEntryDto {
  @ApiProperty({ type: String, enum: VOTE_CHOICES, nullable: true })
  choice!: VoteChoice | null;
}

export class IgnoredVoteDto {
  @ApiProperty({ format: 'uuid' }) voterId!: string;
  @ApiProperty({ enum: VOTE_CHOICES, enumName: 'VoteChoice' }) choice!: VoteChoice;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['after-deadline', 'after-now', 'after-close'] })
  reason!: 'after-deadline' | 'after-now' | 'after-close';
}

export class ExplanationDto {
  @ApiProperty() summary!: string;
  @ApiProperty({ type: PolicyDto }) policy!: PolicyDto;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty({ format: 'date-time' }) evaluatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: [ExplainedVoterDto] }) voters!: ExplainedVoterDto[];
  @ApiProperty({ type: [IgnoredVoteDto] }) ignoredVotes!: IgnoredVoteDto[];
  @ApiProperty({ type: [FormulaLineDto] }) formulas!: FormulaLineDto[];
  @ApiProperty({ type: [FormulaLineDto], nullable: true }) ifUncastRejected!: FormulaLineDto[] | null;
  @ApiProperty({ type: [FormulaLineDto], nullable: true }) ifUncastApproved!: FormulaLineDto[] | null;
}

export class DecisionDto implements DecisionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: DECISION_STATES }) state!: DecisionView['state'];
  @ApiProperty({ type: String, enum: CLOSED_BY, nullable: true }) closedBy!: DecisionView['closedBy'];
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: DecisionPolicyDto }) policy!: DecisionPolicyDto;
  @ApiProperty({ type: [RosterEntryDto] }) roster!: RosterEntryDto[];
  @ApiProperty({ type: [VoteDto] }) votes!: VoteDto[];
  @ApiProperty({ type: TallyDto }) tally!: TallyDto;
  @ApiProperty({ type: ChecksDto }) checks!: ChecksDto;
  @ApiProperty({ type: QuorumProgressDto }) quorum!: QuorumProgressDto;
  @ApiProperty({ type: ExplanationDto }) explanation!: ExplanationDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Display name (else e-mail) of everyone on the roster or with a vote, by id',
  })
  voterNames!: Record<string, string>;
}

export class InboxItemDto implements InboxItem {
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() classKey!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty() myWeight!: number;
  @ApiProperty({ type: String, enum: VOTE_CHOICES, nullable: true }) myVote!: VoteChoice | null;
  @ApiProperty({ type: TallyDto }) tally!: TallyDto;
}

export class DryRunChangeDto implements Omit<DryRunChange, 'decision'> {
  @ApiProperty({ format: 'uuid', description: 'The decision' }) id!: string;
  @ApiProperty({ enum: ['approved', 'rejected', 'expired'] }) before!: DryRunChange['before'];
  @ApiProperty({ enum: ['open', 'approved', 'rejected', 'expired'], description: 'open: still undecided' })
  after!: DryRunChange['after'];
  @ApiProperty() summary!: string;
}

export class DryRunResultDto {
  @ApiProperty({ type: PolicyDto, description: 'The policy tried' }) draft!: PolicyDto;
  @ApiProperty({ description: 'Closed decisions replayed' }) examined!: number;
  @ApiProperty({ type: [DryRunChangeDto] }) changed!: DryRunChangeDto[];
}
