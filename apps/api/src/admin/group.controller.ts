import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
  list(): Promise<GroupView[]> {
    return this.directory.listGroups();
  }

  @Post()
  create(@CurrentCaller() caller: Caller, @Body() body: CreateGroupDto): Promise<GroupView> {
    return this.directory.createGroup(actorOf(caller), body);
  }

  @Put(':key/members/:userId')
  addMember(
    @CurrentCaller() caller: Caller,
    @Param('key', new ParseKeyPipe('group key')) key: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ): Promise<GroupView> {
    return this.directory.setMembership(actorOf(caller), key, userId, true);
  }

  @Delete(':key/members/:userId')
  removeMember(
    @CurrentCaller() caller: Caller,
    @Param('key', new ParseKeyPipe('group key')) key: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ): Promise<GroupView> {
    return this.directory.setMembership(actorOf(caller), key, userId, false);
  }
}
