import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiKeyView, DirectoryService } from '@app/core';
import { Allow } from '../auth/access.decorator';
import { actorOf, Caller, CurrentCaller } from '../auth/caller';
import { CreateApiKeyDto } from './admin.dto';

/** Bots and their keys. A key is shown once, at creation; only its hash is stored. */
@ApiTags('admin')
@ApiBearerAuth()
@Allow('admin')
@Controller('v1/api-keys')
export class ApiKeyController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  list(): Promise<ApiKeyView[]> {
    return this.directory.listApiKeys();
  }

  @Post()
  create(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateApiKeyDto,
  ): Promise<{ apiKey: ApiKeyView; key: string }> {
    return this.directory.createApiKey(actorOf(caller), body);
  }

  /** Takes effect on the key's next request. */
  @Post(':id/revoke')
  @HttpCode(200)
  revoke(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string): Promise<ApiKeyView> {
    return this.directory.revokeApiKey(actorOf(caller), id);
  }
}
