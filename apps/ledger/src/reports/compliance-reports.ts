import { MinPositionField } from '../http/shared-dtos';
import { OptionalField, QueryInt } from '../http/validation';
import { CurrentPrincipal } from '../auth/principal';
import { Principal } from '../auth/roles';
import { AccessLog, AccessReason } from '../access-log/access-log';
import { AUDITORS, Allow } from '../auth/roles';
import { Controller, Get, Inject, Query as QueryParams } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import {
  addWorkingDays,
  CatalogueIndex,
  checkCoverage,
  DeadlineStatus,
  deadlineStatus,
  DisclosureBasis,
  Instant,
  SubjectState,
  workingDaysBetween,
} from '@ledger/consent-domain';
import { DisclosureEntry } from '@ledger/projections';
import { LedgerConfig } from '../config/ledger-config';
import { ReadModels } from '../ledger/read-models';
import { CATALOGUE, LEDGER_CONFIG } from '../ledger/tokens';
import { ApiProblems } from '../http/openapi';

/** Law 94-V Art. 8(7): stop processing within 15 working days of a withdrawal. */
export const STOP_DEADLINE_WORKING_DAYS = 15;
/** Law 94-V Art. 19: tell the person of a transfer within 10 working days, where the consent asks. */
export const NOTICE_DEADLINE_WORKING_DAYS = 10;

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
      'Deadlines: which to list, comma-separated from open, due-soon, overdue, closed (default due-soon,overdue).',
  })
  @OptionalField()
  @Matches(/^(open|due-soon|overdue|closed)(,(open|due-soon|overdue|closed))*$/)
  status?: string;

  @MinPositionField()
  minPosition?: string;

  @ApiPropertyOptional({ description: 'Most rows to return, 1-10000 (default 1000).' })
  @QueryInt(1, 10000)
  limit?: number;
}

export type ReportKind =
  | 'disclosures-no-longer-covered'
  | 'refused-disclosures'
  | 'refused-withdrawals'
  | 'withdrawal-deadlines'
  | 'notice-deadlines';

export class ComplianceReportQuery extends Query<unknown> {
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
}

/** Reports for auditors, from the read models and the domain's own rules. */
@QueryHandler(ComplianceReportQuery)
export class ComplianceReportHandler implements IQueryHandler<ComplianceReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(CATALOGUE) private readonly catalogue: CatalogueIndex,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ kind, params }: ComplianceReportQuery) {
    const projection = await this.readModels.freshness(params.minPosition);
    const now = this.readModels.moment().knownAt;
    const window: Window = {
      ...(params.from ? { from: this.readModels.moment(params.from).at } : {}),
      to: params.to ? this.readModels.moment(params.to).at : now,
      now,
      limit: params.limit ?? 1000,
    };
    const body = this.build(kind, window, params);
    const truncated = body.rows.length > window.limit;
    return {
      report: kind,
      generatedAt: now,
      ...(window.from ? { from: window.from } : {}),
      to: window.to,
      ...body,
      rows: body.rows.slice(0, window.limit),
      truncated,
      projection,
    };
  }

  private build(
    kind: ReportKind,
    window: Window,
    params: ReportQueryDto,
  ): { rows: unknown[]; summary?: unknown; rule?: unknown } {
    switch (kind) {
      case 'disclosures-no-longer-covered':
        return this.noLongerCovered(window);
      case 'refused-disclosures': {
        const rows = this.disclosures({ ...window, outcome: 'refused' });
        return {
          rows,
          summary: countBy(rows, (r) => [
            `recipient:${r.recipient}`,
            ...((r.reasons as { code: string }[]) ?? []).map((x) => `reason:${x.code}`),
          ]),
        };
      }
      case 'refused-withdrawals': {
        const rows = this.readModels.side.withdrawals.list({
          outcome: 'refused',
          from: window.from,
          to: window.to,
          limit: window.limit + 1,
        });
        return { rows, summary: countBy(rows, (r) => [`reason:${(r.reason as { code: string }).code}`]) };
      }
      case 'withdrawal-deadlines':
        return this.deadlines(
          window,
          params,
          STOP_DEADLINE_WORKING_DAYS,
          'Law 94-V Art. 8(7)',
          this.readModels.side.withdrawals
            .list({ outcome: 'withdrawn', from: window.from, to: window.to, limit: 100_000 })
            .map((w) => ({ ...w, closedAt: w.stoppedAt })),
        );
      case 'notice-deadlines':
        return this.deadlines(
          window,
          params,
          NOTICE_DEADLINE_WORKING_DAYS,
          'Law 94-V Art. 19',
          this.disclosures({ ...window, outcome: 'recorded', toBeNotified: true, limit: 100_000 }).map((d) => ({
            ...d,
            closedAt: d.notifiedAt,
          })),
        );
    }
  }

  /**
   * Disclosures recorded as covered by consent, which — as the ledger knows now — were not covered
   * when they happened: a withdrawal or a policy change recorded late reached back over them.
   */
  private noLongerCovered(window: Window) {
    const states = new Map<string, SubjectState | undefined>();
    const book = this.readModels.side.policies.book();
    const rows: unknown[] = [];
    for (const d of this.disclosures({ ...window, outcome: 'recorded', limit: 100_000 })) {
      if ((d.basis as DisclosureBasis).kind !== 'consent') continue;
      if (!states.has(d.subjectId)) states.set(d.subjectId, this.readModels.side.subjects.state(d.subjectId)?.state);
      const state = states.get(d.subjectId);
      if (!state) continue;
      const now = checkCoverage(state, book, this.catalogue, {
        purpose: d.purpose,
        recipient: d.recipient,
        dataCategories: d.dataCategories,
        at: d.occurredAt,
        knownAt: window.now,
      });
      if (now.allowed) continue;
      rows.push({ ...d, coveredAsKnownThen: true, coveredAsKnownNow: false, reasonsNow: now.reasons });
      if (rows.length > window.limit) break;
    }
    return { rows, summary: countBy(rows as DisclosureEntry[], (r) => [`recipient:${r.recipient}`]) };
  }

  private deadlines<T extends { occurredAt: string; closedAt?: string }>(
    window: Window,
    params: ReportQueryDto,
    workingDays: number,
    citation: string,
    items: readonly T[],
  ) {
    const calendar = this.config.workingCalendar;
    const nearWithin = params.nearWithin ?? 3;
    const wanted = new Set((params.status ?? 'due-soon,overdue').split(','));
    const rows: (T & { deadline: Instant; status: DeadlineStatus | 'closed'; workingDaysLeft: number })[] = [];
    for (const item of items) {
      const deadline = addWorkingDays(item.occurredAt, workingDays, calendar);
      const status = item.closedAt ? 'closed' : deadlineStatus(deadline, window.now, calendar, nearWithin);
      if (!wanted.has(status)) continue;
      rows.push({
        ...item,
        deadline,
        status,
        workingDaysLeft: status === 'closed' ? 0 : workingDaysBetween(window.now, deadline, calendar),
      });
    }
    rows.sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0));
    return {
      rows,
      summary: countBy(rows, (r) => [r.status]),
      rule: {
        workingDays,
        citation,
        countedFrom:
          'the working day after the day it happened, in Kazakhstan time (UTC+5), to the end of the last working day',
        nearWithinWorkingDays: nearWithin,
        calendar: this.config.workingCalendarSource,
      },
    };
  }

  private disclosures(filter: Window & { outcome: 'recorded' | 'refused'; toBeNotified?: boolean }): DisclosureEntry[] {
    return this.readModels.side.disclosures.list({
      outcome: filter.outcome,
      ...(filter.from ? { from: filter.from } : {}),
      to: filter.to,
      ...(filter.toBeNotified ? { toBeNotified: true } : {}),
      limit: filter.limit + 1,
    });
  }
}

function countBy<T>(rows: readonly T[], keys: (row: T) => string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) for (const key of keys(row)) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

@ApiTags('audit')
@Controller('v1/reports')
export class ComplianceReportsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessLog,
  ) {}

  private async report(kind: ReportKind, params: ReportQueryDto, viewer: Principal, reason: string | undefined) {
    this.access.requireReason(viewer, reason);
    const body = (await this.queries.execute(new ComplianceReportQuery(kind, params))) as { rows: unknown[] };
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
  @ApiOkResponse({ description: 'Rows with the reasons as known now.' })
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
  })
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
  })
  @ApiProblems(400)
  noticeDeadlines(
    @QueryParams() params: ReportQueryDto,
    @CurrentPrincipal() viewer: Principal,
    @AccessReason() reason: string | undefined,
  ) {
    return this.report('notice-deadlines', params, viewer, reason);
  }
}
