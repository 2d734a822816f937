import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BlockedHashView, BlocklistService } from '@app/core';
import { Allow } from '../auth/access.decorator';
import { actorOf, Caller, CurrentCaller } from '../auth/caller';
import { BlockHashDto } from './rule-set.dto';

/** Content hashes refused in every class; a blocklisted hash fails validation with a finding. */
@ApiTags('rule-sets')
@ApiBearerAuth()
@Allow('admin')
@Controller('v1/blocklist')
export class BlocklistController {
  constructor(private readonly blocklist: BlocklistService) {}

  @Get()
  list(): Promise<BlockedHashView[]> {
    return this.blocklist.list();
  }

  @Get(':sha256')
  get(@Param('sha256') sha256: string): Promise<BlockedHashView> {
    return this.blocklist.get(sha256);
  }

  @Post()
  @ApiOperation({ summary: 'Blocklist a content hash; versions validated from now on fail' })
  add(@CurrentCaller() caller: Caller, @Body() body: BlockHashDto): Promise<BlockedHashView> {
    return this.blocklist.add(actorOf(caller), body);
  }

  @Delete(':sha256')
  @HttpCode(204)
  async remove(@CurrentCaller() caller: Caller, @Param('sha256') sha256: string): Promise<void> {
    await this.blocklist.remove(actorOf(caller), sha256);
  }
}
