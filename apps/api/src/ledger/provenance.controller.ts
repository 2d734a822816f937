import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { ProvenanceBundleDto } from './ledger.dto';
import { ProvenanceService } from '@app/core';
import type { ProvenanceBundle } from '@app/domain';
import { Allow } from '../auth/access.decorator';
import { Caller, CurrentCaller } from '../auth/caller';
import { ParseVersionPipe } from '../http/versions';

@ApiTags('assets')
@ApiBearerAuth()
@Controller('v1/assets')
export class ProvenanceController {
  constructor(private readonly provenance: ProvenanceService) {}

  /** Bots get bundles of the assets they submitted; people get any. Check one with `quorate verify`. */
  @Get(':id/versions/:n/provenance')
  @Allow('bot', 'reviewer', 'admin')
  @ApiOperation({
    summary: 'The provenance bundle of one version, verifiable offline with the log key',
    description:
      "Waits up to 2 s for the version's ledger entries to be integrated (given their indexes), so a bundle " +
      'never leaves out an event already recorded. If some are still pending then, the answer is a 409 with ' +
      '`Retry-After` (seconds) and `details.retryAfterSeconds`.',
  })
  @ApiOkResponse({ type: ProvenanceBundleDto })
  @ApiErrors(404, 409)
  bundle(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('n', new ParseVersionPipe()) n: number,
  ): Promise<ProvenanceBundle> {
    return this.provenance.bundle(id, n, caller.kind === 'bot' ? { botId: caller.botId } : undefined);
  }
}
