import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  report(@Query() query: DriftQueryDto): Promise<DriftReport> {
    return this.drift.report({
      classKey: query.classKey,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    });
  }
}
