import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { DecisionDto, InboxItemDto } from './decision-views.dto';
import { DecisionService, DecisionView, InboxItem } from '@app/core';
import type { AuthenticatedUser } from '@app/core';
import { Allow } from '../auth/access.decorator';
import { CurrentCaller } from '../auth/caller';
import { CastVoteDto } from './vote.dto';

/** People vote; bots never do. Admins vote too when they hold a weight for the class. */
@ApiTags('reviews')
@ApiBearerAuth()
@Allow('reviewer', 'admin')
@Controller('v1')
export class DecisionController {
  constructor(private readonly decisions: DecisionService) {}

  /** Open decisions the caller may vote on, most urgent first. */
  @Get('reviews/inbox')
  @ApiOperation({ summary: 'Open decisions the caller may vote on, most urgent first' })
  @ApiOkResponse({ type: [InboxItemDto] })
  inbox(@CurrentCaller() caller: AuthenticatedUser): Promise<InboxItem[]> {
    return this.decisions.inbox(caller.userId);
  }

  @Get('decisions/:id')
  @ApiOperation({ summary: 'A decision with its roster, votes, tally and explanation' })
  @ApiOkResponse({ type: DecisionDto })
  @ApiErrors(404)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<DecisionView> {
    return this.decisions.view(id);
  }

  /** Casts or changes the caller's vote; the last one counts, and every one is kept. */
  @Post('decisions/:id/votes')
  @ApiOperation({ summary: "Cast or change the caller's vote; answers with the decision after it" })
  @ApiCreatedResponse({ type: DecisionDto })
  @ApiErrors(404, 409, 422)
  vote(
    @CurrentCaller() caller: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CastVoteDto,
  ): Promise<DecisionView> {
    return this.decisions.vote(caller.userId, id, body.choice, body.reason ?? '');
  }
}
