import {
  applyDecorators,
  BadRequestException,
  Controller,
  Get,
  Header,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import {
  AuditReport,
  ConsistencyProofView,
  InclusionProofView,
  LedgerAudit,
  LedgerCheckpoints,
  LedgerEntriesPage,
  LedgerKeys,
  LedgerProofs,
} from '@app/core';
import type { AuthenticatedUser } from '@app/core';
import { Allow, Public } from '../auth/access.decorator';
import { CurrentCaller } from '../auth/caller';
import { OnlyLimit, RateLimitGuard } from '../auth/rate-limit.guard';
import {
  AuditReportDto,
  ConsistencyProofDto,
  LedgerEntriesPageDto,
  ConsistencyQuery,
  EntriesQuery,
  InclusionProofDto,
  InclusionQuery,
} from './ledger.dto';

const TEXT = 'text/plain; charset=utf-8';

/** Anyone may verify the log, but each address only so often: proofs cost database reads. */
const PublicLedgerRoute = () =>
  applyDecorators(Public(), UseGuards(RateLimitGuard), OnlyLimit('public'), ApiErrors(429));

const TEXT_BODY = { schema: { type: 'string' } } as const;

/** The verifiable ledger. Key, checkpoint and proofs are public: they hold hashes only. */
@ApiTags('ledger')
@Controller('v1/ledger')
export class LedgerController {
  constructor(
    private readonly keys: LedgerKeys,
    private readonly checkpoints: LedgerCheckpoints,
    private readonly proofs: LedgerProofs,
    private readonly auditor: LedgerAudit,
  ) {}

  @Get('key')
  @PublicLedgerRoute()
  @Header('Content-Type', TEXT)
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'The log public key, as a C2SP signed-note verifier key' })
  @ApiOkResponse({ description: 'The verifier key and a newline', ...TEXT_BODY })
  async key(): Promise<string> {
    return `${(await this.keys.signer()).verifierKey}\n`;
  }

  @Get('checkpoint')
  @PublicLedgerRoute()
  @Header('Content-Type', TEXT)
  @Header('Cache-Control', 'no-cache')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'The latest checkpoint, a C2SP tlog-checkpoint signed note' })
  @ApiOkResponse({ description: 'The signed note', ...TEXT_BODY })
  async checkpoint(): Promise<string> {
    return (await this.checkpoints.current()).note;
  }

  @Get('proofs/inclusion')
  @PublicLedgerRoute()
  @ApiOperation({ summary: 'Proof that entry `index` is in the tree of `size` entries; hashes in hex' })
  @ApiOkResponse({ type: InclusionProofDto })
  @ApiErrors(422)
  inclusion(@Query() query: InclusionQuery): Promise<InclusionProofView> {
    if (query.index >= query.size) throw new BadRequestException('index must be less than size');
    return this.proofs.inclusion(query.index, query.size);
  }

  @Get('proofs/consistency')
  @PublicLedgerRoute()
  @ApiOperation({ summary: 'Proof that the tree of `from` entries is a prefix of the tree of `to`; hex' })
  @ApiOkResponse({ type: ConsistencyProofDto })
  @ApiErrors(422)
  consistency(@Query() query: ConsistencyQuery): Promise<ConsistencyProofView> {
    if (query.from > query.to) throw new BadRequestException('from must not be greater than to');
    return this.proofs.consistency(query.from, query.to);
  }

  @Get('entries')
  @Allow('reviewer', 'admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'A page of entries with their stored envelopes (base64)',
    description:
      'Entries hold ids and hashes (docs/ledger-events.md). Older entries that hold an e-mail address, webhook URL or reason in clear are served to admins only; others get their leaf hash with the envelope withheld.',
  })
  @ApiOkResponse({ type: LedgerEntriesPageDto })
  entries(
    @CurrentCaller() caller: AuthenticatedUser,
    @Query() query: EntriesQuery,
  ): Promise<LedgerEntriesPage> {
    return this.proofs.entries(query.from, query.limit, { withholdPersonalData: caller.role !== 'admin' });
  }

  @Get('audit')
  @Allow('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Recompute every leaf hash and root; reports the first bad index' })
  @ApiOkResponse({ type: AuditReportDto })
  audit(): Promise<AuditReport> {
    return this.auditor.run();
  }
}
