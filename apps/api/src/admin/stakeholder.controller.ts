import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { CreatedPersonDto, PersonDto } from './admin-views.dto';
import { DirectoryService, PersonView } from '@app/core';
import { Allow } from '../auth/access.decorator';
import { actorOf, Caller, CurrentCaller } from '../auth/caller';
import { ParseKeyPipe } from '../http/keys';
import { CreatePersonDto, SetWeightDto, UpdatePersonDto } from './admin.dto';

/** People: reviewers and admins, with their groups and per-class voting weights. */
@ApiTags('admin')
@ApiBearerAuth()
@Allow('admin')
@Controller('v1/stakeholders')
export class StakeholderController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @ApiOperation({ summary: 'List people with their roles, groups and weights' })
  @ApiOkResponse({ type: [PersonDto] })
  list(): Promise<PersonView[]> {
    return this.directory.listPeople();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One person' })
  @ApiOkResponse({ type: PersonDto })
  @ApiErrors(404)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<PersonView> {
    return this.directory.getPerson(id);
  }

  /** Returns a generated password once when none was given. */
  @Post()
  @ApiOperation({ summary: 'Create a reviewer or admin' })
  @ApiCreatedResponse({ type: CreatedPersonDto })
  @ApiErrors(409)
  create(
    @CurrentCaller() caller: Caller,
    @Body() body: CreatePersonDto,
  ): Promise<{ person: PersonView; password?: string }> {
    return this.directory.createPerson(actorOf(caller), body);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a person's role, name, password or disabled flag" })
  @ApiOkResponse({ type: PersonDto })
  @ApiErrors(404)
  update(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdatePersonDto,
  ): Promise<PersonView> {
    return this.directory.updatePerson(actorOf(caller), id, body);
  }

  @Put(':id/weights/:classKey')
  @ApiOperation({ summary: "Set a person's voting weight for an asset class" })
  @ApiOkResponse({ type: PersonDto })
  @ApiErrors(404)
  setWeight(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('classKey', new ParseKeyPipe('classKey')) classKey: string,
    @Body() body: SetWeightDto,
  ): Promise<PersonView> {
    return this.directory.setWeight(actorOf(caller), id, classKey, body.weight);
  }
}
