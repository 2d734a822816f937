import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AssetClassService, AssetClassView } from '@app/core';
import { Allow } from '../auth/access.decorator';
import { actorOf, Caller, CurrentCaller } from '../auth/caller';
import { ParseKeyPipe } from '../http/keys';
import { CreateAssetClassDto, UpdateAssetClassDto } from '../decisions/policy.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/asset-classes')
export class AssetClassController {
  constructor(private readonly classes: AssetClassService) {}

  @Get()
  @Allow('reviewer', 'admin')
  list(): Promise<AssetClassView[]> {
    return this.classes.list();
  }

  @Get(':classKey')
  @Allow('reviewer', 'admin')
  get(@Param('classKey', new ParseKeyPipe('classKey')) key: string): Promise<AssetClassView> {
    return this.classes.get(key);
  }

  /** Creates a class with its first consensus policy. */
  @Post()
  @Allow('admin')
  create(@CurrentCaller() caller: Caller, @Body() body: CreateAssetClassDto): Promise<AssetClassView> {
    return this.classes.create(actorOf(caller), body);
  }

  @Patch(':classKey')
  @Allow('admin')
  update(
    @CurrentCaller() caller: Caller,
    @Param('classKey', new ParseKeyPipe('classKey')) key: string,
    @Body() body: UpdateAssetClassDto,
  ): Promise<AssetClassView> {
    return this.classes.update(actorOf(caller), key, body);
  }
}
