import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { ValidationResultDto } from './rule-set-views.dto';
import { ValidationResultService, ValidationResultView } from '@app/core';
import { Allow } from '../auth/access.decorator';
import { Caller, CurrentCaller } from '../auth/caller';
import { ParseVersionPipe } from '../http/versions';

@ApiTags('assets')
@ApiBearerAuth()
@Controller('v1/assets')
export class ValidationResultController {
  constructor(private readonly results: ValidationResultService) {}

  /** Bots see the results of their own assets; people see any. A 404 until the version is validated. */
  @Get(':id/versions/:n/validation')
  @Allow('bot', 'reviewer', 'admin')
  @ApiOperation({
    summary: 'The validation result: findings, rule-set version, content hash, worker and duration',
    description:
      'The ledger entry recording the result is `ledgerStatus: "pending"` with `ledgerIndex: null` until the log integrates it, then `ledgerStatus: "integrated"` with its final index.',
  })
  @ApiOkResponse({ type: ValidationResultDto })
  @ApiErrors(404)
  get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('n', new ParseVersionPipe()) n: number,
  ): Promise<ValidationResultView> {
    return this.results.get(id, n, caller.kind === 'bot' ? { botId: caller.botId } : undefined);
  }
}
