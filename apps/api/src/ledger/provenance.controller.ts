import { BadRequestException, Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProvenanceService } from '@app/core';
import type { ProvenanceBundle } from '@app/domain';
import { Allow } from '../auth/access.decorator';
import { Caller, CurrentCaller } from '../auth/caller';

const VERSION_NUMBER = /^[1-9][0-9]{0,8}$/;

@ApiTags('assets')
@ApiBearerAuth()
@Controller('v1/assets')
export class ProvenanceController {
  constructor(private readonly provenance: ProvenanceService) {}

  /** Bots get bundles of the assets they submitted; people get any. Check one with `quorate verify`. */
  @Get(':id/versions/:n/provenance')
  @Allow('bot', 'reviewer', 'admin')
  @ApiOperation({ summary: 'The provenance bundle of one version, verifiable offline with the log key' })
  bundle(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('n') n: string,
  ): Promise<ProvenanceBundle> {
    if (!VERSION_NUMBER.test(n)) throw new BadRequestException('n must be a version number (1, 2, ...)');
    return this.provenance.bundle(id, Number(n), caller.kind === 'bot' ? { botId: caller.botId } : undefined);
  }
}
