import { MinPositionField } from '../http/shared-dtos';
import { OptionalField, QueryInt } from '../http/validation';
import { CurrentPrincipal } from '../auth/principal';
import { Principal } from '../auth/roles';
import { AccessLog, AccessReason } from '../access-log/access-log';
import { AUDITORS, Allow } from '../auth/roles';
import { Controller, Get, Inject, Query as QueryParams } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import {
  CatalogueIndex,
  checkCoverage,
  DEADLINE_COUNTED_FROM,
  DEADLINE_RULES,
  DeadlineQuestion,
  DeadlineRule,
  DeadlineView,
  DisclosureBasis,
  Instant,
  noticeDeadline,
  stopProcessingDeadline,
  SubjectState,
} from '@ledger/consent-domain';
import { DisclosureEntry, WithdrawalEntry } from '@ledger/projections';
import { LedgerConfig } from '../config/ledger-config';
import { Freshness, ReadModels } from '../ledger/read-models';
import { CATALOGUE, LEDGER_CONFIG } from '../ledger/tokens';
import { ApiProblems } from '../http/openapi';
import { decodeCursor, encodeCursor, pageOf, ReportCursor } from './report-paging';

const DEADLINE_STATUSES = ['open', 'due-soon', 'overdue', 'closed', 'calendar-unknown'] as const;
const DEFAULT_DEADLINE_STATUSES = 'due-soon,overdue,calendar-unknown';

export class ReportQueryDto {
  @ApiPropertyOptional({ description: 'What happened at or after this instant. Default: the beginning.' })
  @OptionalField()
  @IsString()
  @Length(1, 64)
  from?: string;

  @ApiPropertyOptional({ description: 'What happened before this instant. Default: now.' })
  @OptionalField()
  @IsString()
  @Length(1, 64)
  to?: string;

  @ApiPropertyOptional({ description: 'Deadlines: "due soon" within this many working days (default 3).' })
  @QueryInt(0, 30)
  nearWithin?: number;

  @ApiPropertyOptional({
    description:
      'Deadlines: which to list, comma-separated from open, due-soon, overdue, closed, calendar-unknown ' +
      `(default ${DEFAULT_DEADLINE_STATUSES}). calendar-unknown: the count reaches a year the working-day ` +
      'calendar does not cover, so no deadline is given.',
  })
  @OptionalField()
  @Matches(new RegExp(`^(${DEADLINE_STATUSES.join('|')})(,(${DEADLINE_STATUSES.join('|')}))*$`))
  status?: string;

  @MinPositionField()
  minPosition?: string;

  @ApiPropertyOptional({
    description: 'Rows per page, 1-10000 (default 1000). Every row is reachable: follow `next` until it is absent.',
  })
  @QueryInt(1, 10000)
  limit?: number;

  @ApiPropertyOptional({
    description:
      'The `next` value of the previous page: continue after its last row. Pages follow the order the ' +
      'rows happened in (then event id), so none is repeated or skipped.',
  })
  @OptionalField()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

export const REPORT_KINDS = [
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
      'workingDaysLeft, and calendarUnknownYears or calendarUnconfirmed where the calendar cannot vouch.',
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

export class ComplianceReportQuery extends Query<ComplianceReportPageDto> {
  constructor(
    readonly kind: ReportKind,
    readonly params: ReportQueryDto,
  ) {
    super();
  }
}

interface Window {
  readonly from?: Instant;
  readonly to: Instant;
  readonly now: Instant;
  readonly limit: number;
  readonly cursor?: ReportCursor;
}

type Page = { rows: object[]; next?: ReportCursor; summary: Record<string, number>; rule?: DeadlineRuleDto };

/** Reports for auditors, from the read models and the domain's own rules, a page at a time. */
@QueryHandler(ComplianceReportQuery)
export class ComplianceReportHandler implements IQueryHandler<ComplianceReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(CATALOGUE) private readonly catalogue: CatalogueIndex,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ kind, params }: ComplianceReportQuery): Promise<ComplianceReportPageDto> {
    const cursor = params.cursor !== undefined ? decodeCursor(params.cursor) : undefined;
    const projection = await this.readModels.freshness(params.minPosition);
    const now = this.readModels.moment().knownAt;
    const window: Window = {
      ...(params.from ? { from: this.readModels.moment(params.from).at } : {}),
      to: params.to ? this.readModels.moment(params.to).at : now,
      now,
      limit: params.limit ?? 1000,
      ...(cursor ? { cursor } : {}),
    };
    const { next, ...page } = this.build(kind, window, params);
    return {
      report: kind,
      generatedAt: now,
      ...(window.from ? { from: window.from } : {}),
      to: window.to,
      ...page,
      truncated: next !== undefined,
      ...(next ? { next: encodeCursor(next) } : {}),
      projection,
    };
  }

  private build(kind: ReportKind, window: Window, params: ReportQueryDto): Page {
    switch (kind) {
      case 'disclosures-no-longer-covered':
        return this.noLongerCovered(window);
      case 'refused-disclosures': {
        const page = pageOf(this.disclosures(window, 'refused'), (d) => d, window.limit, window.cursor);
        return {
          ...page,
          summary: countBy(page.rows, (r) => [
            `recipient:${r.recipient}`,
            ...((r.reasons as { code: string }[]) ?? []).map((x) => `reason:${x.code}`),
          ]),
        };
      }
      case 'refused-withdrawals': {
        const page = pageOf(this.withdrawals(window, 'refused'), (w) => w, window.limit, window.cursor);
        return { ...page, summary: countBy(page.rows, (r) => [`reason:${(r.reason as { code: string }).code}`]) };
      }
      case 'withdrawal-deadlines':
        return this.deadlines(
          window,
          params,
          DEADLINE_RULES['stop-processing'],
          this.withdrawals(window, 'withdrawn'),
          (w, q) => {
            const view = stopProcessingDeadline(w, q);
            return view && { row: { ...w, closedAt: w.stoppedAt }, view };
          },
        );
      case 'notice-deadlines':
        return this.deadlines(
          window,
          params,
          DEADLINE_RULES['notify-subject'],
          this.disclosures(window, 'recorded', true),
          (d, q) => {
            const view = noticeDeadline(d, q);
            return view && { row: { ...d, closedAt: d.notifiedAt }, view };
          },
        );
    }
  }

  /**
   * Disclosures recorded as covered by consent, which — as the ledger knows now — were not covered
   * when they happened: a withdrawal or a policy change recorded late reached back over them.
   */
  private noLongerCovered(window: Window): Page {
    const states = new Map<string, SubjectState | undefined>();
    const book = this.readModels.side.policies.book();
    const stateOf = (subjectId: string) => {
      if (!states.has(subjectId)) {
        if (states.size >= 10_000) states.clear(); // a page may scan many people: keep memory bounded
        states.set(subjectId, this.readModels.side.subjects.state(subjectId)?.state);
      }
      return states.get(subjectId);
    };
    const page = pageOf(
      this.disclosures(window, 'recorded'),
      (d) => {
        if ((d.basis as DisclosureBasis).kind !== 'consent') return undefined;
        const state = stateOf(d.subjectId);
        if (!state) return undefined;
        const now = checkCoverage(state, book, this.catalogue, {
          purpose: d.purpose,
          recipient: d.recipient,
          dataCategories: d.dataCategories,
          at: d.occurredAt,
          knownAt: window.now,
        });
        if (now.allowed) return undefined;
        return { ...d, coveredAsKnownThen: true, coveredAsKnownNow: false, reasonsNow: now.reasons };
      },
      window.limit,
      window.cursor,
    );
    return { ...page, summary: countBy(page.rows, (r) => [`recipient:${r.recipient}`]) };
  }

  /** The rows of a deadline report: each source row's deadline by the domain's rule, filtered by status. */
  private deadlines<S extends ReportCursor, R extends object>(
    window: Window,
    params: ReportQueryDto,
    rule: DeadlineRule,
    read: (after: ReportCursor | undefined, limit: number) => readonly S[],
    deadlineOf: (source: S, question: DeadlineQuestion) => { row: R; view: DeadlineView } | undefined,
  ): Page {
    const calendar = this.config.workingCalendar;
    const nearWithin = params.nearWithin ?? 3;
    const question: DeadlineQuestion = { now: window.now, calendar, nearWithinWorkingDays: nearWithin };
    const wanted = new Set((params.status ?? DEFAULT_DEADLINE_STATUSES).split(','));
    const page = pageOf(
      read,
      (source) => {
        const found = deadlineOf(source, question);
        if (!found || !wanted.has(found.view.status)) return undefined;
        return { ...found.row, ...found.view };
      },
      window.limit,
      window.cursor,
    );
    return {
      ...page,
      summary: countBy(page.rows, (r) => [r.status]),
      rule: {
        workingDays: rule.workingDays,
        citation: rule.citation,
        countedFrom: DEADLINE_COUNTED_FROM,
        nearWithinWorkingDays: nearWithin,
        calendar: { ...this.config.workingCalendarSource, years: calendar.years, unconfirmed: calendar.unconfirmed },
      },
    };
  }

  private disclosures(window: Window, outcome: 'recorded' | 'refused', toBeNotified?: true) {
    return (after: ReportCursor | undefined, limit: number): DisclosureEntry[] =>
      this.readModels.side.disclosures.list({
        outcome,
        ...(window.from ? { from: window.from } : {}),
        to: window.to,
        ...(toBeNotified ? { toBeNotified } : {}),
        ...(after ? { after } : {}),
        limit,
      });
  }

  private withdrawals(window: Window, outcome: 'withdrawn' | 'refused') {
    return (after: ReportCursor | undefined, limit: number): WithdrawalEntry[] =>
      this.readModels.side.withdrawals.list({
        outcome,
        ...(window.from ? { from: window.from } : {}),
        to: window.to,
        ...(after ? { after } : {}),
        limit,
      });
  }
}

function countBy<T>(rows: readonly T[], keys: (row: T) => string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) for (const key of keys(row)) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

const PAGE = 'A page of rows in the order they happened; follow `next` (as `cursor`) for the rest.';
const DEADLINES =
  'Working days over the holiday calendar. A deadline whose count reaches a year the calendar does not cover ' +
  'has status calendar-unknown and names the years in calendarUnknownYears, instead of a guessed date; one ' +
  'that crosses a stretch not yet confirmed (a transfer not yet decreed) names it in calendarUnconfirmed.';

@ApiTags('audit')
@Controller('v1/reports')
export class ComplianceReportsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessLog,
  ) {}

  private async report(kind: ReportKind, params: ReportQueryDto, viewer: Principal, reason: string | undefined) {
    this.access.requireReason(viewer, reason);
    const body = await this.queries.execute(new ComplianceReportQuery(kind, params));
    const { minPosition: _wait, ...filter } = params;
    await this.access.bulk(viewer, reason, `report:${kind}`, filter, body.rows.length);
    return body;
  }

  @Allow(...AUDITORS, 'compliance-admin')
  @Get('disclosures-no-longer-covered')
  @ApiOperation({
    summary: 'Disclosures covered by consent as known when they were recorded, but not as known now',
    description: 'A late withdrawal (or a late material policy change) reached back over them.',
  })
  @ApiOkResponse({ type: ComplianceReportPageDto, description: 'A page of rows, with the reasons as known now.' })
  @ApiProblems(400)
  noLongerCovered(
    @QueryParams() params: ReportQueryDto,
    @CurrentPrincipal() viewer: Principal,
    @AccessReason() reason: string | undefined,
  ) {
    return this.report('disclosures-no-longer-covered', params, viewer, reason);
  }

  @Allow(...AUDITORS, 'compliance-admin')
  @Get('refused-disclosures')
  @ApiOperation({ summary: 'Refused disclosure attempts, with counts by recipient and reason' })
  @ApiOkResponse({ type: ComplianceReportPageDto, description: PAGE })
  @ApiProblems(400)
  refusedDisclosures(
    @QueryParams() params: ReportQueryDto,
    @CurrentPrincipal() viewer: Principal,
    @AccessReason() reason: string | undefined,
  ) {
    return this.report('refused-disclosures', params, viewer, reason);
  }

  @Allow(...AUDITORS, 'compliance-admin')
  @Get('refused-withdrawals')
  @ApiOperation({ summary: 'Refused withdrawals with their reasons (Law 94-V Art. 8(2))' })
  @ApiOkResponse({ type: ComplianceReportPageDto, description: PAGE })
  @ApiProblems(400)
  refusedWithdrawals(
    @QueryParams() params: ReportQueryDto,
    @CurrentPrincipal() viewer: Principal,
    @AccessReason() reason: string | undefined,
  ) {
    return this.report('refused-withdrawals', params, viewer, reason);
  }

  @Allow(...AUDITORS, 'compliance-admin')
  @Get('withdrawal-deadlines')
  @ApiOperation({
    summary: 'Withdrawals whose 15-working-day deadline to stop processing is near or past (Law 94-V Art. 8(7))',
    description: DEADLINES,
  })
  @ApiOkResponse({ type: ComplianceReportPageDto, description: PAGE })
  @ApiProblems(400)
  withdrawalDeadlines(
    @QueryParams() params: ReportQueryDto,
    @CurrentPrincipal() viewer: Principal,
    @AccessReason() reason: string | undefined,
  ) {
    return this.report('withdrawal-deadlines', params, viewer, reason);
  }

  @Allow(...AUDITORS, 'compliance-admin')
  @Get('notice-deadlines')
  @ApiOperation({
    summary: 'Disclosures the person asked to be told of, with the 10-working-day notice deadline (Law 94-V Art. 19)',
    description: DEADLINES,
  })
  @ApiOkResponse({ type: ComplianceReportPageDto, description: PAGE })
  @ApiProblems(400)
  noticeDeadlines(
    @QueryParams() params: ReportQueryDto,
    @CurrentPrincipal() viewer: Principal,
    @AccessReason() reason: string | undefined,
  ) {
    return this.report('notice-deadlines', params, viewer, reason);
  }
}
