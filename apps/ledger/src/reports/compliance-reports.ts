import { AccessLogged, LookRequest } from '../access-log/access-log';
import { AUDITORS, Allow } from '../auth/roles';
import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/openapi';
import { ComplianceReportQuery } from './compliance-report-handler';
import { ComplianceReportPageDto, ReportKind, ReportQueryDto } from './report-dtos';

export { ComplianceReportHandler } from './compliance-report-handler';

/** A report reads across many people: the filter asked and how many rows it showed. */
function reportLook(page: ComplianceReportPageDto, { query }: LookRequest) {
  const { minPosition: _wait, ...filter } = query;
  return { bulk: true as const, parameters: filter, records: page.rows.length };
}

const PAGE = 'A page of rows in the order they happened; follow `next` (as `cursor`) for the rest.';
const DEADLINES =
  'Working days over the holiday calendar. A deadline whose count reaches a year the calendar does not cover ' +
  'has status calendar-unknown and names the years in calendarUnknownYears, instead of a guessed date; one ' +
  'that crosses a stretch not yet confirmed (a transfer not yet decreed) names it in calendarUnconfirmed.';

@ApiTags('audit')
@Controller('v1/reports')
export class ComplianceReportsController {
  constructor(private readonly queries: QueryBus) {}

  private report(kind: ReportKind, params: ReportQueryDto) {
    return this.queries.execute(new ComplianceReportQuery(kind, params));
  }

  @Allow(...AUDITORS, 'compliance-admin')
  @Get('disclosures-no-longer-covered')
  @ApiOperation({
    summary: 'Disclosures covered by consent as known when they were recorded, but not as known now',
    description: 'A late withdrawal (or a late material policy change) reached back over them.',
  })
  @ApiOkResponse({ type: ComplianceReportPageDto, description: 'A page of rows, with the reasons as known now.' })
  @ApiProblems(400)
  @AccessLogged('report:disclosures-no-longer-covered', reportLook)
  noLongerCovered(@QueryParams() params: ReportQueryDto) {
    return this.report('disclosures-no-longer-covered', params);
  }

  @Allow(...AUDITORS, 'compliance-admin')
  @Get('refused-disclosures')
  @ApiOperation({ summary: 'Refused disclosure attempts, with counts by recipient and reason' })
  @ApiOkResponse({ type: ComplianceReportPageDto, description: PAGE })
  @ApiProblems(400)
  @AccessLogged('report:refused-disclosures', reportLook)
  refusedDisclosures(@QueryParams() params: ReportQueryDto) {
    return this.report('refused-disclosures', params);
  }

  @Allow(...AUDITORS, 'compliance-admin')
  @Get('refused-withdrawals')
  @ApiOperation({ summary: 'Refused withdrawals with their reasons (Law 94-V Art. 8(2))' })
  @ApiOkResponse({ type: ComplianceReportPageDto, description: PAGE })
  @ApiProblems(400)
  @AccessLogged('report:refused-withdrawals', reportLook)
  refusedWithdrawals(@QueryParams() params: ReportQueryDto) {
    return this.report('refused-withdrawals', params);
  }

  @Allow(...AUDITORS, 'compliance-admin')
  @Get('withdrawal-deadlines')
  @ApiOperation({
    summary: 'Withdrawals whose 15-working-day deadline to stop processing is near or past (Law 94-V Art. 8(7))',
    description: DEADLINES,
  })
  @ApiOkResponse({ type: ComplianceReportPageDto, description: PAGE })
  @ApiProblems(400)
  @AccessLogged('report:withdrawal-deadlines', reportLook)
  withdrawalDeadlines(@QueryParams() params: ReportQueryDto) {
    return this.report('withdrawal-deadlines', params);
  }

  @Allow(...AUDITORS, 'compliance-admin')
  @Get('notice-deadlines')
  @ApiOperation({
    summary: 'Disclosures the person asked to be told of, with the 10-working-day notice deadline (Law 94-V Art. 19)',
    description: DEADLINES,
  })
  @ApiOkResponse({ type: ComplianceReportPageDto, description: PAGE })
  @ApiProblems(400)
  @AccessLogged('report:notice-deadlines', reportLook)
  noticeDeadlines(@QueryParams() params: ReportQueryDto) {
    return this.report('notice-deadlines', params);
  }
}
