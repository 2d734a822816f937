import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { ApiKeyDto, CreatedApiKeyDto } from './admin-views.dto';
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
  @ApiOperation({ summary: 'List bots and their keys (never the keys themselves)' })
  @ApiOkResponse({ type: [ApiKeyDto] })
  list(): Promise<ApiKeyView[]> {
    return this.directory.listApiKeys();
  }

  @Post()
  @ApiOperation({ summary: 'Create a bot and its API key; the key is in this answer only' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiErrors(404, 422)
  create(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateApiKeyDto,
  ): Promise<{ apiKey: ApiKeyView; key: string }> {
    return this.directory.createApiKey(actorOf(caller), body);
  }

  /** Takes effect on the key's next request. */
  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a bot key' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiErrors(404)
  revoke(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string): Promise<ApiKeyView> {
    return this.directory.revokeApiKey(actorOf(caller), id);
  }
}
