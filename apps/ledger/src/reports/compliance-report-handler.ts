import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
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
  noticeClosedAt,
  noticeDeadline,
  refusalHoldsAsKnown,
  stopProcessingDeadline,
  SubjectState,
} from '@ledger/consent-domain';
import { DisclosureEntry, WithdrawalEntry } from '@ledger/projections';
import { LedgerConfig } from '../config/ledger-config';
import { sealedAsPlaceholders } from '../ledger/identities';
import { ReadModels } from '../ledger/read-models';
import { CATALOGUE, LEDGER_CONFIG } from '../ledger/tokens';
import { notificationIdOf } from '../notifications/notifications';
import { decodeCursor, encodeCursor, pageOf, ReportCursor } from './report-paging';
import {
  ComplianceReportPageDto,
  DEFAULT_DEADLINE_STATUSES,
  DeadlineRuleDto,
  ReportKind,
  ReportQueryDto,
} from './report-dtos';

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
    const cursor = params.cursor !== undefined ? decodeCursor(params.cursor, `report:${kind}`) : undefined;
    const projection = await this.readModels.freshness(params.minPosition);
    const now = (await this.readModels.moment()).knownAt;
    const period = this.readModels.period(params.from, params.to);
    const window: Window = {
      ...(period.from ? { from: period.from } : {}),
      to: period.to ?? now,
      now,
      limit: params.limit ?? 1000,
      ...(cursor ? { cursor } : {}),
    };
    const { next, rows, ...page } = this.build(kind, window, params);
    return {
      report: kind,
      generatedAt: now,
      ...(window.from ? { from: window.from } : {}),
      to: window.to,
      // A report counts and dates; the references and evidence the rows hold, sealed with each
      // person's key, are not for it (the disclosures log opens them for auditors, Law 94-V Art. 7(9)).
      rows: rows.map(sealedAsPlaceholders),
      ...page,
      truncated: next !== undefined,
      ...(next ? { next: encodeCursor(next, `report:${kind}`) } : {}),
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
        const page = pageOf(
          this.withdrawals(window, 'refused'),
          (w) => ({ ...w, refusalHoldsAsKnownNow: this.refusalHolds(w, window.now) }),
          window.limit,
          window.cursor,
        );
        return {
          ...page,
          summary: countBy(page.rows, (r) => [
            `reason:${(r.reason as { code: string }).code}`,
            ...(r.refusalHoldsAsKnownNow ? [] : ['refusal-no-longer-holds']),
          ]),
        };
      }
      case 'withdrawal-deadlines':
        return this.deadlines(
          window,
          params,
          DEADLINE_RULES['stop-processing'],
          this.withdrawals(window, 'withdrawn'),
          (w, q) => {
            const view = stopProcessingDeadline(w, q);
            // The notification that asked for the stop, and the confirmation that answered it.
            const row = { ...w, closedAt: w.stoppedAt, notificationId: notificationIdOf(w.eventId) };
            return view && { row, view };
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
            const closedAt = noticeClosedAt(d);
            // Closed by the person's erasure, not by a notice: the auditor sees none was given.
            const closedBy =
              closedAt === undefined ? {} : { closedBy: closedAt === d.notifiedAt ? 'subject-notified' : 'erasure' };
            return view && { row: { ...d, closedAt, ...closedBy }, view };
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

  /**
   * A refusal for an open loan holds only while, as the ledger knows now, a loan was open when the person
   * withdrew: a fulfilment recorded late and dated before it takes its ground away (Law 94-V Art. 8(2)).
   */
  private refusalHolds(w: WithdrawalEntry, now: Instant): boolean {
    const state = this.readModels.side.subjects.state(w.subjectId)?.state;
    const reasonCode = (w.reason as { code?: string } | undefined)?.code ?? '';
    return state === undefined || refusalHoldsAsKnown(state, { reasonCode, occurredAt: w.occurredAt }, now);
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
    // "Due soon" as the deadline watch's alarm says "approaching": one setting, one meaning.
    const nearWithin = params.nearWithin ?? this.config.webhooks.deadlineNearWithinWorkingDays;
    const question: DeadlineQuestion = { now: window.now, calendar, nearWithinWorkingDays: nearWithin };
    const wanted = new Set((params.status ?? DEFAULT_DEADLINE_STATUSES).split(','));
    const page = pageOf(
      read,
      (source) => {
        const found = deadlineOf(source, question);
        const listed = found && (wanted.has(found.view.status) || (found.view.closedLate && wanted.has('closed-late')));
        if (!listed) return undefined;
        return { ...found.row, ...found.view };
      },
      window.limit,
      window.cursor,
    );
    return {
      ...page,
      // Late closures counted apart too: closed, yet the law's term was missed.
      summary: countBy(page.rows, (r) => [r.status, ...(r.closedLate ? ['closed-late'] : [])]),
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
