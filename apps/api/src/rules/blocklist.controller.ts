import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { BlockedHashDto } from './rule-set-views.dto';

const SHA256_PARAM = { name: 'sha256', schema: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' } } as const;
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
  @ApiOperation({ summary: 'List blocklisted content hashes' })
  @ApiOkResponse({ type: [BlockedHashDto] })
  list(): Promise<BlockedHashView[]> {
    return this.blocklist.list();
  }

  @Get(':sha256')
  @ApiOperation({ summary: 'One blocklisted hash' })
  @ApiParam(SHA256_PARAM)
  @ApiOkResponse({ type: BlockedHashDto })
  @ApiErrors(404)
  get(@Param('sha256') sha256: string): Promise<BlockedHashView> {
    return this.blocklist.get(sha256);
  }

  @Post()
  @ApiOperation({ summary: 'Blocklist a content hash; versions validated from now on fail' })
  @ApiCreatedResponse({ type: BlockedHashDto })
  @ApiErrors(409)
  add(@CurrentCaller() caller: Caller, @Body() body: BlockHashDto): Promise<BlockedHashView> {
    return this.blocklist.add(actorOf(caller), body);
  }

  @Delete(':sha256')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a hash off the blocklist' })
  @ApiParam(SHA256_PARAM)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors(404)
  async remove(@CurrentCaller() caller: Caller, @Param('sha256') sha256: string): Promise<void> {
    await this.blocklist.remove(actorOf(caller), sha256);
  }
}
