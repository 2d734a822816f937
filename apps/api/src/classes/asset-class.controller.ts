import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { AssetClassDto } from '../decisions/decision-views.dto';
import { AssetClassService, AssetClassView, RuleSetService } from '@app/core';
import { Allow } from '../auth/access.decorator';
import { actorOf, Caller, CurrentCaller } from '../auth/caller';
import { ParseKeyPipe } from '../http/keys';
import { CreateAssetClassDto, UpdateAssetClassDto } from '../decisions/policy.dto';
import { SetClassRuleSetsDto } from './class-rule-sets.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/asset-classes')
export class AssetClassController {
  constructor(
    private readonly classes: AssetClassService,
    private readonly ruleSets: RuleSetService,
  ) {}

  @Get()
  @Allow('reviewer', 'admin')
  @ApiOperation({ summary: 'List asset classes with their current policies' })
  @ApiOkResponse({ type: [AssetClassDto] })
  list(): Promise<AssetClassView[]> {
    return this.classes.list();
  }

  @Get(':classKey')
  @Allow('reviewer', 'admin')
  @ApiOperation({ summary: 'One asset class' })
  @ApiOkResponse({ type: AssetClassDto })
  @ApiErrors(404)
  get(@Param('classKey', new ParseKeyPipe('classKey')) key: string): Promise<AssetClassView> {
    return this.classes.get(key);
  }

  /** Creates a class with its first consensus policy. */
  @Post()
  @Allow('admin')
  @ApiOperation({ summary: 'Create an asset class with its first consensus policy' })
  @ApiCreatedResponse({ type: AssetClassDto })
  @ApiErrors(409, 422)
  create(@CurrentCaller() caller: Caller, @Body() body: CreateAssetClassDto): Promise<AssetClassView> {
    return this.classes.create(actorOf(caller), body);
  }

  @Patch(':classKey')
  @Allow('admin')
  @ApiOperation({ summary: 'Rename a class or change its voter groups' })
  @ApiOkResponse({ type: AssetClassDto })
  @ApiErrors(404, 422)
  update(
    @CurrentCaller() caller: Caller,
    @Param('classKey', new ParseKeyPipe('classKey')) key: string,
    @Body() body: UpdateAssetClassDto,
  ): Promise<AssetClassView> {
    return this.classes.update(actorOf(caller), key, body);
  }

  @Put(':classKey/rule-sets')
  @Allow('admin')
  @ApiOperation({
    summary: "Replace the class's ordered list of rule sets",
    description:
      'Validation runs every listed set at its latest version, in this order, in one pass: findings come ' +
      'in content order, and a span two sets both flag is reported once. Written to the ledger as ' +
      '`asset_class.rule_sets_changed`. 404 when the class or a set does not exist, 409 when a set is ' +
      'archived, 422 when a set is listed twice; nothing is written then.',
  })
  @ApiOkResponse({ type: AssetClassDto })
  @ApiErrors(404, 409, 422)
  async setRuleSets(
    @CurrentCaller() caller: Caller,
    @Param('classKey', new ParseKeyPipe('classKey')) key: string,
    @Body() body: SetClassRuleSetsDto,
  ): Promise<AssetClassView> {
    await this.ruleSets.setForClass(actorOf(caller), key, body.ruleSetIds);
    return this.classes.get(key);
  }
}
