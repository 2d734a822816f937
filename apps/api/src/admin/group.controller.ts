import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { GroupDto } from './admin-views.dto';
import { DirectoryService, GroupView } from '@app/core';
import { Allow } from '../auth/access.decorator';
import { actorOf, Caller, CurrentCaller } from '../auth/caller';
import { ParseKeyPipe } from '../http/keys';
import { CreateGroupDto } from './admin.dto';

/** Stakeholder groups such as brand, legal, exec: the units of required approvals and vetoes. */
@ApiTags('admin')
@ApiBearerAuth()
@Allow('admin')
@Controller('v1/groups')
export class GroupController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @ApiOperation({ summary: 'List stakeholder groups with their members' })
  @ApiOkResponse({ type: [GroupDto] })
  list(): Promise<GroupView[]> {
    return this.directory.listGroups();
  }

  @Post()
  @ApiOperation({ summary: 'Create a stakeholder group' })
  @ApiCreatedResponse({ type: GroupDto })
  @ApiErrors(409)
  create(@CurrentCaller() caller: Caller, @Body() body: CreateGroupDto): Promise<GroupView> {
    return this.directory.createGroup(actorOf(caller), body);
  }

  @Put(':key/members/:userId')
  @ApiOperation({ summary: 'Add a person to a group' })
  @ApiOkResponse({ type: GroupDto })
  @ApiErrors(404)
  addMember(
    @CurrentCaller() caller: Caller,
    @Param('key', new ParseKeyPipe('group key')) key: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ): Promise<GroupView> {
    return this.directory.setMembership(actorOf(caller), key, userId, true);
  }

  @Delete(':key/members/:userId')
  @ApiOperation({ summary: 'Remove a person from a group' })
  @ApiOkResponse({ type: GroupDto })
  @ApiErrors(404)
  removeMember(
    @CurrentCaller() caller: Caller,
    @Param('key', new ParseKeyPipe('group key')) key: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ): Promise<GroupView> {
    return this.directory.setMembership(actorOf(caller), key, userId, false);
  }
}
