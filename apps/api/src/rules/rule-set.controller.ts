import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import {
  DraftRuleSetTestResultDto,
  RuleSetDto,
  RuleSetTestResultDto,
  RuleSetVersionDto,
} from './rule-set-views.dto';
import type { Env } from '@app/config';
import {
  DraftRuleSetTestResult,
  RuleSetService,
  RuleSetTestResult,
  RuleSetVersionView,
  RuleSetView,
} from '@app/core';
import { Allow } from '../auth/access.decorator';
import { actorOf, Caller, CurrentCaller } from '../auth/caller';
import {
  CreateRuleSetDto,
  IncludeArchivedQueryDto,
  TestDraftRuleSetDto,
  TestRuleSetDto,
  UpdateRuleSetDto,
} from './rule-set.dto';
import { decodeContentBody } from '../http/content-body';
import { ParseKeyPipe } from '../http/keys';
import { ParseVersionPipe } from '../http/versions';

/** Brand rule sets: admins write them, reviewers may read them next to the findings they explain. */
@ApiTags('rule-sets')
@ApiBearerAuth()
@Controller('v1/rule-sets')
export class RuleSetController {
  constructor(
    private readonly ruleSets: RuleSetService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  @Get()
  @Allow('reviewer', 'admin')
  @ApiOperation({ summary: 'Rule sets at their latest version, with the classes each governs' })
  @ApiOkResponse({ type: [RuleSetDto] })
  list(@Query() query: IncludeArchivedQueryDto): Promise<RuleSetView[]> {
    return this.ruleSets.list({ includeArchived: query.includeArchived === 'true' });
  }

  @Post()
  @Allow('admin')
  @ApiOperation({ summary: 'Create a rule set (version 1); a 422 lists every problem in the rules' })
  @ApiCreatedResponse({ type: RuleSetDto })
  @ApiErrors(409, 422)
  create(@CurrentCaller() caller: Caller, @Body() body: CreateRuleSetDto): Promise<RuleSetView> {
    return this.ruleSets.create(actorOf(caller), body);
  }

  @Get(':id')
  @Allow('reviewer', 'admin')
  @ApiOperation({ summary: 'One rule set at its latest version' })
  @ApiOkResponse({ type: RuleSetDto })
  @ApiErrors(404)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<RuleSetView> {
    return this.ruleSets.get(id);
  }

  @Put(':id')
  @Allow('admin')
  @ApiOperation({ summary: 'Edit a rule set: adds a version; versions already used never change' })
  @ApiOkResponse({ type: RuleSetDto })
  @ApiErrors(404, 409, 422)
  update(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateRuleSetDto,
  ): Promise<RuleSetView> {
    return this.ruleSets.update(actorOf(caller), id, body);
  }

  @Delete(':id')
  @Allow('admin')
  @ApiOperation({ summary: 'Archive a rule set that governs no class; its versions are kept' })
  @ApiOkResponse({ type: RuleSetDto })
  @ApiErrors(404, 409)
  archive(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<RuleSetView> {
    return this.ruleSets.archive(actorOf(caller), id);
  }

  @Get(':id/versions')
  @Allow('reviewer', 'admin')
  @ApiOperation({ summary: 'Every version of a rule set' })
  @ApiOkResponse({ type: [RuleSetVersionDto] })
  @ApiErrors(404)
  versions(@Param('id', new ParseUUIDPipe()) id: string): Promise<RuleSetVersionView[]> {
    return this.ruleSets.versions(id);
  }

  @Get(':id/versions/:n')
  @Allow('reviewer', 'admin')
  @ApiOperation({ summary: 'One version of a rule set' })
  @ApiOkResponse({ type: RuleSetVersionDto })
  @ApiErrors(404)
  version(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('n', new ParseVersionPipe()) n: number,
  ): Promise<RuleSetVersionView> {
    return this.ruleSets.version(id, n);
  }

  @Post('test')
  @Allow('reviewer', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Try draft rules on a sample, as validation would',
    description:
      'The rules are checked as a stored rule set would be, then run with the media checks and the blocklist. ' +
      'Nothing is saved and nothing is written to the ledger, so reviewers may use it too.',
  })
  @ApiOkResponse({ type: DraftRuleSetTestResultDto })
  @ApiErrors(413, 422)
  testDraft(@Body() body: TestDraftRuleSetDto): Promise<DraftRuleSetTestResult> {
    return this.ruleSets.testDraft({
      bytes: decodeContentBody(body, this.config.get('MAX_CONTENT_BYTES', { infer: true })),
      mediaType: body.mediaType,
      rules: body.rules,
    });
  }

  @Post(':id/test')
  @Allow('reviewer', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run a stored rule set version on a sample, as validation would; creates nothing',
    description: 'Read-only, so reviewers may use it as well as admins.',
  })
  @ApiOkResponse({ type: RuleSetTestResultDto })
  @ApiErrors(404, 413)
  test(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: TestRuleSetDto,
  ): Promise<RuleSetTestResult> {
    return this.ruleSets.test(id, {
      bytes: decodeContentBody(body, this.config.get('MAX_CONTENT_BYTES', { infer: true })),
      mediaType: body.mediaType,
      version: body.version,
    });
  }

  @Put(':id/classes/:classKey')
  @Allow('admin')
  @ApiOperation({
    summary: "Append this rule set to an asset class's list, if it is not there already",
    description:
      'Kept from when a class had one rule set; it no longer replaces the others. ' +
      '`PUT /v1/asset-classes/{classKey}/rule-sets` sets the whole ordered list.',
  })
  @ApiOkResponse({ type: RuleSetDto })
  @ApiErrors(404, 409)
  assign(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('classKey', new ParseKeyPipe('classKey')) key: string,
  ): Promise<RuleSetView> {
    return this.ruleSets.assignToClass(actorOf(caller), id, key);
  }

  @Delete(':id/classes/:classKey')
  @Allow('admin')
  @ApiOperation({
    summary: "Remove this rule set from an asset class's list; the others keep their order",
  })
  @ApiOkResponse({ type: RuleSetDto })
  @ApiErrors(404)
  unassign(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('classKey', new ParseKeyPipe('classKey')) key: string,
  ): Promise<RuleSetView> {
    return this.ruleSets.removeFromClass(actorOf(caller), id, key);
  }
}
