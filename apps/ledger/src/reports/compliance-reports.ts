import { AccessLogged, LookRequest } from '../access-log/access-log';
import { AUDITORS, Allow } from '../auth/roles';
import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiOperationOptions, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/openapi';
import { methodStack } from '../http/routes';
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

/** A report's route: auditors and the compliance admin, GET v1/reports/<kind>, a page of rows, the look logged. */
function Report(kind: ReportKind, operation: ApiOperationOptions, rows = PAGE): MethodDecorator {
  return methodStack(
    Allow(...AUDITORS, 'compliance-admin'),
    Get(kind),
    ApiOperation(operation),
    ApiOkResponse({ type: ComplianceReportPageDto, description: rows }),
    ApiProblems(400),
    AccessLogged(`report:${kind}`, reportLook),
  );
}

@ApiTags('audit')
@Controller('v1/reports')
export class ComplianceReportsController {
  constructor(private readonly queries: QueryBus) {}

  private report(kind: ReportKind, params: ReportQueryDto) {
    return this.queries.execute(new ComplianceReportQuery(kind, params));
  }

  @Report(
    'disclosures-no-longer-covered',
    {
      summary: 'Disclosures covered by consent as known when they were recorded, but not as known now',
      description: 'A late withdrawal (or a late material policy change) reached back over them.',
    },
    'A page of rows, with the reasons as known now.',
  )
  noLongerCovered(@QueryParams() params: ReportQueryDto) {
    return this.report('disclosures-no-longer-covered', params);
  }

  @Report('refused-disclosures', { summary: 'Refused disclosure attempts, with counts by recipient and reason' })
  refusedDisclosures(@QueryParams() params: ReportQueryDto) {
    return this.report('refused-disclosures', params);
  }

  @Report('refused-withdrawals', { summary: 'Refused withdrawals with their reasons (Law 94-V Art. 8(2))' })
  refusedWithdrawals(@QueryParams() params: ReportQueryDto) {
    return this.report('refused-withdrawals', params);
  }

  @Report('withdrawal-deadlines', {
    summary: 'Withdrawals whose 15-working-day deadline to stop processing is near or past (Law 94-V Art. 8(7))',
    description: DEADLINES,
  })
  withdrawalDeadlines(@QueryParams() params: ReportQueryDto) {
    return this.report('withdrawal-deadlines', params);
  }

  @Report('notice-deadlines', {
    summary: 'Disclosures the person asked to be told of, with the 10-working-day notice deadline (Law 94-V Art. 19)',
    description: DEADLINES,
  })
  noticeDeadlines(@QueryParams() params: ReportQueryDto) {
    return this.report('notice-deadlines', params);
  }
}
