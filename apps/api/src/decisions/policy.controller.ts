import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { DryRunResultDto, PolicyViewDto } from './decision-views.dto';
import { PolicyService, PolicyView } from '@app/core';
import { Allow } from '../auth/access.decorator';
import { actorOf, Caller, CurrentCaller } from '../auth/caller';
import { ParseKeyPipe } from '../http/keys';
import { CreatePolicyDto, DryRunDto } from './policy.dto';

/** Consensus policies: versioned per asset class; a new version applies to decisions opened after it. */
@ApiTags('admin')
@ApiBearerAuth()
@Allow('admin')
@Controller('v1/policies')
export class PolicyController {
  constructor(private readonly policies: PolicyService) {}

  @Get()
  @ApiOperation({ summary: 'List policy versions, of one class or all' })
  @ApiQuery({
    name: 'classKey',
    required: false,
    schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
  })
  @ApiOkResponse({ type: [PolicyViewDto] })
  list(
    @Query('classKey', new ParseKeyPipe('classKey', { optional: true })) classKey?: string,
  ): Promise<PolicyView[]> {
    return this.policies.list(classKey);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One policy version' })
  @ApiOkResponse({ type: PolicyViewDto })
  @ApiErrors(404)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<PolicyView> {
    return this.policies.get(id);
  }

  /** Creates the next version of the class's policy. */
  @Post()
  @ApiOperation({ summary: "Create the next version of a class's policy" })
  @ApiCreatedResponse({ type: PolicyViewDto })
  @ApiErrors(404, 422)
  create(@CurrentCaller() caller: Caller, @Body() body: CreatePolicyDto): Promise<PolicyView> {
    const { classKey, ...fields } = body;
    return this.policies.createVersion(actorOf(caller), classKey, fields);
  }

  /** Which past decisions of the class would have ended differently under this policy with the changes applied. */
  @Post(':id/dry-run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replay past decisions under a changed policy; lists those that would differ' })
  @ApiOkResponse({ type: DryRunResultDto })
  @ApiErrors(404, 422)
  dryRun(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: DryRunDto) {
    return this.policies.dryRun(id, body);
  }
}
