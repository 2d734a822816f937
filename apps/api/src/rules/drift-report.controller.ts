import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { DriftReportDto } from './rule-set-views.dto';
import { DriftReport, DriftReportService } from '@app/core';
import { Allow } from '../auth/access.decorator';
import { DriftQueryDto } from './rule-set.dto';

@ApiTags('reports')
@ApiBearerAuth()
@Allow('admin')
@Controller('v1/reports')
export class DriftReportController {
  constructor(private readonly drift: DriftReportService) {}

  @Get('drift')
  @ApiOperation({
    summary: 'Validation failure rate per generator model (provenance.model) per ISO week of submission',
  })
  @ApiOkResponse({ type: DriftReportDto })
  @ApiErrors(404, 422)
  report(@Query() query: DriftQueryDto): Promise<DriftReport> {
    return this.drift.report({
      classKey: query.classKey,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    });
  }
}
