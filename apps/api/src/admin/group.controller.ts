import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DirectoryService, GroupView } from '@app/core';
import { Allow } from '../auth/access.decorator';
import { actorOf, Caller, CurrentCaller } from '../auth/caller';
import { CreateGroupDto } from './admin.dto';

const GROUP_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;

function groupKey(key: string): string {
  if (!GROUP_KEY.test(key))
    throw new BadRequestException('group key must be 1-64 lowercase letters, digits or dashes');
  return key;
}

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
    @Param('key') key: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ): Promise<GroupView> {
    return this.directory.setMembership(actorOf(caller), groupKey(key), userId, true);
  }

  @Delete(':key/members/:userId')
  removeMember(
    @CurrentCaller() caller: Caller,
    @Param('key') key: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ): Promise<GroupView> {
    return this.directory.setMembership(actorOf(caller), groupKey(key), userId, false);
  }
}
