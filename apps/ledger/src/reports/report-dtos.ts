import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Length, Matches } from 'class-validator';
import { CursorField, InstantOrPositionField, MinPositionField } from '../http/shared-dtos';
import { OptionalField, QueryInt } from '../http/validation';
import { Freshness } from '../ledger/read-models';

/** What a deadline report lists: its rows' statuses, and closed-late — the closed rows whose term was missed. */
export const DEADLINE_STATUSES = ['open', 'due-soon', 'overdue', 'closed', 'closed-late', 'calendar-unknown'] as const;
export const DEFAULT_DEADLINE_STATUSES = 'due-soon,overdue,calendar-unknown';

export class ReportQueryDto {
  @InstantOrPositionField('What happened at or after this instant. Default: the beginning.')
  from?: string;

  @InstantOrPositionField('What happened before this instant. Default: now.')
  to?: string;

  @ApiPropertyOptional({
    description:
      'Deadlines: "due soon" within this many working days (default LEDGER_DEADLINE_NEAR_WORKING_DAYS, 3 unless set: when the deadline watch calls it approaching).',
  })
  @QueryInt(0, 30)
  nearWithin?: number;

  @ApiPropertyOptional({
    description:
      'Deadlines: which to list, comma-separated from open, due-soon, overdue, closed, closed-late, ' +
      `calendar-unknown (default ${DEFAULT_DEADLINE_STATUSES}). closed-late: the closed rows closed after ` +
      'their deadline (closedLate). calendar-unknown: the count reaches a year the working-day calendar ' +
      'does not cover, so no deadline is given.',
  })
  @OptionalField()
  @Matches(new RegExp(`^(${DEADLINE_STATUSES.join('|')})(,(${DEADLINE_STATUSES.join('|')}))*$`))
  // Each status once is 60 characters: the look keeps the list in the log, and a query string is kilobytes long.
  @Length(1, 100)
  status?: string;

  @MinPositionField()
  minPosition?: string;

  @ApiPropertyOptional({
    description: 'Rows per page, 1-10000 (default 1000). Every row is reachable: follow `next` until it is absent.',
  })
  @QueryInt(1, 10000)
  limit?: number;

  @CursorField(
    'The `next` value of the previous page: continue after its last row. Pages follow the order the ' +
      'rows happened in (then event id), so none is repeated or skipped.',
  )
  cursor?: string;
}

const REPORT_KINDS = [
  'disclosures-no-longer-covered',
  'refused-disclosures',
  'refused-withdrawals',
  'withdrawal-deadlines',
  'notice-deadlines',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export class DeadlineRuleDto {
  @ApiProperty() workingDays!: number;
  @ApiProperty({ example: 'Law 94-V Art. 8(7)' }) citation!: string;
  @ApiProperty() countedFrom!: string;
  @ApiProperty() nearWithinWorkingDays!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The working-day calendar: its version and source (or the file it came from), the years it covers, ' +
      'and the stretches not yet confirmed (id, from, to, note) that rows name in calendarUnconfirmed.',
  })
  calendar!: Record<string, unknown>;
}

/** One page of a compliance report. */
export class ComplianceReportPageDto {
  @ApiProperty({ enum: REPORT_KINDS }) report!: ReportKind;
  @ApiProperty({ description: 'The ledger clock when the page was made; deadlines stand as of then.' })
  generatedAt!: string;
  @ApiPropertyOptional() from?: string;
  @ApiProperty() to!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'The rows of this page, in the order they happened. Deadline rows add deadline, status, ' +
      'workingDaysLeft, closedLate when closed after the deadline (summary: closed-late), and ' +
      'calendarUnknownYears or calendarUnconfirmed where the calendar cannot vouch. Refused-withdrawal rows add ' +
      'refusalHoldsAsKnownNow (summary: refusal-no-longer-holds).',
  })
  rows!: object[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: "Counts over this page's rows (add the pages up for the whole report).",
  })
  summary!: Record<string, number>;
  @ApiPropertyOptional({ type: DeadlineRuleDto, description: 'Deadline reports: the rule and the calendar.' })
  rule?: DeadlineRuleDto;
  @ApiProperty({ description: 'Whether more rows follow on later pages (then `next` is set).' })
  truncated!: boolean;
  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next page; absent on the last page.' })
  next?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'How fresh the read models were.' })
  projection!: Freshness;
}
