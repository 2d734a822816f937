import {
  UseGuards,
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Env } from '@app/config';
import {
  AssetService,
  AssetView,
  AuthenticatedBot,
  ContentTooLargeError,
  DecisionService,
  DecisionView,
} from '@app/core';
import { SkipThrottle } from '@nestjs/throttler';
import { Allow } from '../auth/access.decorator';
import { Caller, CurrentBot, CurrentCaller } from '../auth/caller';
import { RateLimitGuard } from '../auth/rate-limit.guard';
import { SubmitAcceptedDto, SubmitAssetDto, SubmitVersionDto } from './submit-asset.dto';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

@ApiTags('assets')
@ApiBearerAuth()
@Controller('v1/assets')
export class AssetController {
  constructor(
    private readonly assets: AssetService,
    private readonly config: ConfigService<Env, true>,
    private readonly decisions: DecisionService,
  ) {}

  @Post()
  @Allow('bot')
  @HttpCode(202)
  @SkipThrottle({ login: true })
  @UseGuards(RateLimitGuard)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat a request safely' })
  @ApiAcceptedResponse({ type: SubmitAcceptedDto })
  submit(
    @CurrentBot() bot: AuthenticatedBot,
    @Body() body: SubmitAssetDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<SubmitAcceptedDto> {
    return this.accept(bot, body, idempotencyKey);
  }

  /** A new version of an asset; `baseVersion` must be the current version, or the answer is a 409. */
  @Post(':id/versions')
  @Allow('bot')
  @HttpCode(202)
  @SkipThrottle({ login: true })
  @UseGuards(RateLimitGuard)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat a request safely' })
  @ApiAcceptedResponse({ type: SubmitAcceptedDto })
  submitVersion(
    @CurrentBot() bot: AuthenticatedBot,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SubmitVersionDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<SubmitAcceptedDto> {
    return this.accept(bot, body, idempotencyKey, { assetId: id, baseVersion: body.baseVersion });
  }

  @Get(':id/versions/:n/decision')
  @Allow('bot', 'reviewer', 'admin')
  async decision(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('n', new ParseIntPipe({ errorHttpStatusCode: 400 })) n: number,
  ): Promise<DecisionView> {
    await this.assets.get(id, caller.kind === 'bot' ? { botId: caller.botId } : undefined);
    return this.decisions.viewForVersion(id, n);
  }

  private async accept(
    bot: AuthenticatedBot,
    body: SubmitAssetDto,
    idempotencyKey: string | undefined,
    replacing?: { assetId: string; baseVersion: number },
  ): Promise<SubmitAcceptedDto> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new BadRequestException('Idempotency-Key must be 1-255 visible ASCII characters');
    }
    const { id, version, status } = await this.assets.submit(
      { botId: bot.botId },
      {
        classKey: body.classKey,
        title: body.title,
        mediaType: body.mediaType,
        content: this.decodeContent(body),
        sha256: body.sha256,
        provenance: body.provenance ? { ...body.provenance } : undefined,
      },
      idempotencyKey,
      replacing,
    );
    return { id, version, status };
  }

  /** Bots see the assets they submitted; people see every asset. */
  @Get(':id')
  @Allow('bot', 'reviewer', 'admin')
  get(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string): Promise<AssetView> {
    return this.assets.get(id, caller.kind === 'bot' ? { botId: caller.botId } : undefined);
  }

  private decodeContent(body: SubmitAssetDto): Buffer {
    if ((body.content === undefined) === (body.text === undefined)) {
      throw new BadRequestException({
        message: 'Send exactly one of content (base64) or text',
        details: [{ field: 'content', problems: ['exactly one of content or text is required'] }],
      });
    }
    const bytes =
      body.text !== undefined ? Buffer.from(body.text, 'utf8') : Buffer.from(body.content!, 'base64');
    const limit = this.config.get('MAX_CONTENT_BYTES', { infer: true });
    if (bytes.length > limit)
      throw new ContentTooLargeError(`Content is ${bytes.length} bytes; the limit is ${limit}`);
    if (bytes.length === 0) throw new BadRequestException('Content must not be empty');
    return bytes;
  }
}
