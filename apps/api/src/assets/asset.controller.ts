import {
  applyDecorators,
  UseGuards,
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Response } from 'express';
import { ALL_VERSION_STATUSES } from '@app/domain';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Env } from '@app/config';
import {
  AssetService,
  AssetView,
  AuthenticatedBot,
  botDecisionView,
  BotDecisionView,
  DecisionService,
  DecisionView,
  VersionView,
} from '@app/core';
import { Allow } from '../auth/access.decorator';
import { Caller, CurrentBot, CurrentCaller } from '../auth/caller';
import { OnlyLimit, RateLimitGuard } from '../auth/rate-limit.guard';
import { decodeContentBody } from '../http/content-body';
import { ParseVersionPipe } from '../http/versions';
import { ErrorBodyDto } from '../http/error-body.dto';
import { BotDecisionDto } from './bot-decision.dto';
import { ListAssetsQuery } from './list-assets.query';
import { SubmitAcceptedDto, SubmitAssetDto, SubmitVersionDto } from './submit-asset.dto';

/** What every submission route shares: bots only, 202, rate limited per bot, Idempotency-Key. */
const SubmissionRoute = () =>
  applyDecorators(
    Allow('bot'),
    HttpCode(202),
    OnlyLimit('submit'),
    UseGuards(RateLimitGuard),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat a request safely' }),
    ApiAcceptedResponse({ type: SubmitAcceptedDto }),
    ApiTooManyRequestsResponse({
      type: ErrorBodyDto,
      description:
        "The bot's submissions per minute (SUBMIT_RATE_LIMIT) or content bytes per UTC day (BOT_DAILY_BYTES) are spent; nothing was stored",
      headers: {
        'Retry-After': { description: 'Seconds until it may try again', schema: { type: 'integer' } },
      },
    }),
  );

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
  @SubmissionRoute()
  submit(
    @CurrentBot() bot: AuthenticatedBot,
    @Body() body: SubmitAssetDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<SubmitAcceptedDto> {
    return this.accept(bot, body, idempotencyKey);
  }

  /** A new version of an asset; `baseVersion` must be the current version, or the answer is a 409. */
  @Post(':id/versions')
  @SubmissionRoute()
  submitVersion(
    @CurrentBot() bot: AuthenticatedBot,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SubmitVersionDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<SubmitAcceptedDto> {
    return this.accept(bot, body, idempotencyKey, { assetId: id, baseVersion: body.baseVersion });
  }

  /** The bot takes back a version still in flight; the version and its open decision end `withdrawn`. */
  @Post(':id/versions/:n/withdraw')
  @Allow('bot')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a version that is not yet at an end (its bot only)' })
  @ApiOkResponse({
    description: 'The version, now withdrawn',
    schema: { type: 'object', additionalProperties: true },
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'No such asset of this bot, or no such version' })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description:
      'The version is already at an end (released, rejected, superseded, ...); details.status says which',
  })
  withdraw(
    @CurrentBot() bot: AuthenticatedBot,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('n', new ParseVersionPipe()) n: number,
  ): Promise<VersionView> {
    return this.assets.withdraw({ botId: bot.botId }, id, n);
  }

  /** People get the whole decision; a bot gets its outcome and tally without who voted or why. */
  @Get(':id/versions/:n/decision')
  @Allow('bot', 'reviewer', 'admin')
  @ApiExtraModels(BotDecisionDto)
  @ApiOkResponse({
    description:
      'For a bot, BotDecisionDto (counts and weights, no voter ids, names, e-mail addresses or reasons); for people, the full decision as GET /v1/decisions/{id} returns it',
    schema: {
      oneOf: [{ $ref: getSchemaPath(BotDecisionDto) }, { type: 'object', additionalProperties: true }],
    },
  })
  @ApiNotFoundResponse({
    type: ErrorBodyDto,
    description: 'No such asset (for a bot: of its own) or no decision',
  })
  async decision(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('n', new ParseVersionPipe()) n: number,
  ): Promise<DecisionView | BotDecisionView> {
    await this.assets.get(id, ownedBy(caller));
    const view = await this.decisions.viewForVersion(id, n);
    return caller.kind === 'bot' ? botDecisionView(view) : view;
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
        content: decodeContentBody(body, this.config.get('MAX_CONTENT_BYTES', { infer: true })),
        sha256: body.sha256,
        provenance: body.provenance ? { ...body.provenance } : undefined,
      },
      idempotencyKey,
      replacing,
    );
    return { id, version, status };
  }

  /** Newest first; follow `nextCursor` for the next page. Bots see their own assets. */
  @Get()
  @Allow('bot', 'reviewer', 'admin')
  @ApiQuery({ name: 'classKey', required: false })
  @ApiQuery({ name: 'status', required: false, enum: ALL_VERSION_STATUSES })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  list(@CurrentCaller() caller: Caller, @Query() query: ListAssetsQuery) {
    return this.assets.list({ ...query, limit: query.limit ?? 50 }, ownedBy(caller));
  }

  @Get(':id/versions/:n')
  @Allow('bot', 'reviewer', 'admin')
  version(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('n', new ParseVersionPipe()) n: number,
  ) {
    return this.assets.version(id, n, ownedBy(caller));
  }

  /**
   * The bytes as submitted. They are untrusted (HTML, SVG), so they are sent as an attachment under a
   * sandboxing CSP and never sniffed: opening this URL in a browser cannot run a script on our origin.
   */
  @Get(':id/versions/:n/content')
  @Allow('bot', 'reviewer', 'admin')
  async content(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('n', new ParseVersionPipe()) n: number,
    @Res() response: Response,
  ): Promise<void> {
    const { mediaType, sha256, bytes } = await this.assets.content(id, n, ownedBy(caller));
    response.setHeader('Content-Type', mediaType);
    response.setHeader('Content-Disposition', `attachment; filename="${id}-v${n}"`);
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('ETag', `"${sha256}"`);
    response.send(bytes);
  }

  /** Bots see the assets they submitted; people see every asset. */
  @Get(':id')
  @Allow('bot', 'reviewer', 'admin')
  get(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string): Promise<AssetView> {
    return this.assets.get(id, ownedBy(caller));
  }
}

/** Bots are limited to their own assets; people see all of them. */
function ownedBy(caller: Caller): { botId: string } | undefined {
  return caller.kind === 'bot' ? { botId: caller.botId } : undefined;
}
