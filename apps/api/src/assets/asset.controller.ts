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
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiExtraModels,
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
import { BotDecisionDto } from './bot-decision.dto';
import { ListAssetsQuery } from './list-assets.query';
import { SubmitAcceptedDto, SubmitAssetDto, SubmitVersionDto } from './submit-asset.dto';
import { AssetDto, AssetPageDto, VersionDto } from './asset-views.dto';
import { DecisionDto } from '../decisions/decision-views.dto';
import { ApiErrors } from '../http/api-errors.decorator';

/** What every submission route shares: bots only, 202, rate limited per bot, Idempotency-Key. */
const SubmissionRoute = () =>
  applyDecorators(
    Allow('bot'),
    HttpCode(202),
    OnlyLimit('submit'),
    UseGuards(RateLimitGuard),
    ApiHeader({
      // Lower case, as the handler reads it, so this documents that one header instead of adding a second.
      name: 'idempotency-key',
      required: false,
      description:
        'Idempotency-Key: 1-255 visible ASCII characters. Repeating a request with the same key answers ' +
        'with the first result and creates nothing new',
    }),
    ApiAcceptedResponse({ type: SubmitAcceptedDto, description: 'Accepted; validation runs next' }),
    ApiErrors(404, 413, 422, 429),
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
  @ApiOperation({ summary: 'Submit an asset (version 1) for validation and review' })
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
  @ApiOperation({ summary: 'Submit a new version of an asset, replacing `baseVersion`' })
  @ApiErrors(409)
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
  @ApiOkResponse({ type: VersionDto, description: 'The version, now withdrawn' })
  @ApiErrors(404, 409)
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
  @ApiOperation({ summary: 'The review decision of one version, with its tally and explanation' })
  @ApiExtraModels(BotDecisionDto, DecisionDto)
  @ApiOkResponse({
    description:
      'For a bot, BotDecisionDto (counts and weights, no voter ids, names, e-mail addresses or reasons); for people, the full decision as GET /v1/decisions/{id} returns it',
    schema: { oneOf: [{ $ref: getSchemaPath(BotDecisionDto) }, { $ref: getSchemaPath(DecisionDto) }] },
  })
  @ApiErrors(404)
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
  @ApiOperation({ summary: 'List assets, newest first, a page at a time' })
  @ApiOkResponse({ type: AssetPageDto })
  list(@CurrentCaller() caller: Caller, @Query() query: ListAssetsQuery): Promise<AssetPageDto> {
    return this.assets.list({ ...query, limit: query.limit ?? 50 }, ownedBy(caller));
  }

  @Get(':id/versions/:n')
  @Allow('bot', 'reviewer', 'admin')
  @ApiOperation({ summary: 'One version: status, hashes, provenance and findings' })
  @ApiOkResponse({ type: VersionDto })
  @ApiErrors(404)
  version(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('n', new ParseVersionPipe()) n: number,
  ): Promise<VersionDto> {
    return this.assets.version(id, n, ownedBy(caller));
  }

  /**
   * The bytes as submitted. They are untrusted (HTML, SVG), so they are sent as an attachment under a
   * sandboxing CSP and never sniffed: opening this URL in a browser cannot run a script on our origin.
   */
  @Get(':id/versions/:n/content')
  @Allow('bot', 'reviewer', 'admin')
  @ApiOperation({ summary: 'The content bytes as submitted, as an attachment of its own media type' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'The bytes, with the Content-Type the bot declared and an ETag of their SHA-256',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors(404)
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
  @ApiOperation({ summary: 'An asset with all its versions' })
  @ApiOkResponse({ type: AssetDto })
  @ApiErrors(404)
  get(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string): Promise<AssetView> {
    return this.assets.get(id, ownedBy(caller));
  }
}

/** Bots are limited to their own assets; people see all of them. */
function ownedBy(caller: Caller): { botId: string } | undefined {
  return caller.kind === 'bot' ? { botId: caller.botId } : undefined;
}
