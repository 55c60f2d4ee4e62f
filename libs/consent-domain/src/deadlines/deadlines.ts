import { Instant } from '../shared/instant';
import {
  countWorkingDays,
  coversYearOf,
  DeadlineStatus,
  deadlineStatus,
  localDate,
  WorkingCalendar,
  workingDaysBetween,
} from '../calendar/working-days';

/** The legal deadlines the ledger tracks: what starts each, what closes it, how long it runs. */
export type DeadlineKind = 'stop-processing' | 'notify-subject';

export interface DeadlineRule {
  readonly kind: DeadlineKind;
  readonly workingDays: number;
  readonly citation: string;
}

export const DEADLINE_RULES = {
  /** A withdrawal carried out: processing stops within 15 working days; `ProcessingStopped` closes it. */
  'stop-processing': { kind: 'stop-processing', workingDays: 15, citation: 'Law 94-V Art. 8(7)' },
  /** A disclosure the consent asked notice of: the person is told within 10 working days; `SubjectNotified`. */
  'notify-subject': { kind: 'notify-subject', workingDays: 10, citation: 'Law 94-V Art. 19' },
} as const satisfies Record<DeadlineKind, DeadlineRule>;

/** How every deadline is counted (the calendar's `addWorkingDays`), in words for reports. */
export const DEADLINE_COUNTED_FROM =
  'the working day after the day it happened, in Kazakhstan time (UTC+5), to the end of the last working day';

/** Where a deadline stands: 'calendar-unknown' when its count reaches a year the calendar does not cover. */
export type DeadlineStanding = DeadlineStatus | 'closed' | 'calendar-unknown';

export interface DeadlineView {
  readonly status: DeadlineStanding;
  /** The end of the last working day; absent when the calendar cannot count it. */
  readonly deadline?: Instant;
  /** Whole working days after today up to the deadline; 0 once closed; absent when unknown. */
  readonly workingDaysLeft?: number;
  /** The years the count reaches that the calendar does not cover. */
  readonly calendarUnknownYears?: readonly number[];
  /** The calendar's stretches the count crosses that may still change (a transfer not yet decreed). */
  readonly calendarUnconfirmed?: readonly string[];
  /** Closed, but after the deadline: the law's term was missed, however the deadline ended. */
  readonly closedLate?: true;
}

export interface DeadlineQuestion {
  readonly now: Instant;
  readonly calendar: WorkingCalendar;
  /** 'due-soon' while at most this many whole working days remain. */
  readonly nearWithinWorkingDays: number;
}

/** A deadline of `rule` started at `startedAt`, closed at `closedAt` if it was, as it stands at `now`. */
export function deadlineOf(
  rule: DeadlineRule,
  startedAt: Instant,
  closedAt: Instant | undefined,
  question: DeadlineQuestion,
): DeadlineView {
  const { now, calendar, nearWithinWorkingDays } = question;
  const count = countWorkingDays(startedAt, rule.workingDays, calendar);
  if (!count.known) {
    const status = closedAt ? 'closed' : 'calendar-unknown';
    return { status, ...(closedAt ? { workingDaysLeft: 0 } : {}), calendarUnknownYears: count.uncoveredYears };
  }
  const unconfirmed = count.unconfirmed.length > 0 ? { calendarUnconfirmed: count.unconfirmed } : {};
  if (closedAt) {
    const late = closedAt > count.deadline ? { closedLate: true as const } : {};
    return { status: 'closed', deadline: count.deadline, workingDaysLeft: 0, ...late, ...unconfirmed };
  }
  return {
    status: deadlineStatus(count.deadline, now, calendar, nearWithinWorkingDays),
    deadline: count.deadline,
    workingDaysLeft: workingDaysBetween(now, count.deadline, calendar),
    ...unconfirmed,
  };
}

/**
 * The day (in Kazakhstan) from which Art. 8(7) asks processing to stop within 15 working days of a
 * withdrawal: the amendment in force since 17.11.2025. A withdrawal made before it (paper brought in
 * by an import) started no such deadline: a law does not reach back.
 */
export const STOP_PROCESSING_IN_FORCE_FROM = '2025-11-17';

/** Whether a withdrawal made at `occurredAt` falls under Art. 8(7)'s deadline. */
export function stopProcessingApplies(occurredAt: Instant, calendar: WorkingCalendar): boolean {
  return localDate(occurredAt, calendar) >= STOP_PROCESSING_IN_FORCE_FROM;
}

/**
 * Art. 8(7): only a withdrawal carried out starts the count (a refused one is answered by its
 * refusal), and only one made since the rule came into force.
 */
export function stopProcessingDeadline(
  withdrawal: { readonly outcome: 'withdrawn' | 'refused'; readonly occurredAt: Instant; readonly stoppedAt?: Instant },
  question: DeadlineQuestion,
): DeadlineView | undefined {
  if (withdrawal.outcome !== 'withdrawn') return undefined;
  if (!stopProcessingApplies(withdrawal.occurredAt, question.calendar)) return undefined;
  return deadlineOf(DEADLINE_RULES['stop-processing'], withdrawal.occurredAt, withdrawal.stoppedAt, question);
}

/**
 * Art. 19: only a disclosure made whose consent asked for notice starts the count. The person's
 * erasure closes it too, as it closes a stop (Art. 18: their contacts are destroyed, and nothing more
 * may be recorded about them, a notice included): late if it came after the deadline.
 */
export function noticeDeadline(
  disclosure: {
    readonly outcome: 'recorded' | 'refused';
    readonly subjectToBeNotified: boolean;
    readonly occurredAt: Instant;
    readonly notifiedAt?: Instant;
    readonly erasedAt?: Instant;
  },
  question: DeadlineQuestion,
): DeadlineView | undefined {
  if (disclosure.outcome !== 'recorded' || !disclosure.subjectToBeNotified) return undefined;
  return deadlineOf(DEADLINE_RULES['notify-subject'], disclosure.occurredAt, noticeClosedAt(disclosure), question);
}

/** When a notice deadline closed: the earliest notice known, or the person's erasure if that came first. */
export function noticeClosedAt(disclosure: { readonly notifiedAt?: Instant; readonly erasedAt?: Instant }) {
  const { notifiedAt, erasedAt } = disclosure;
  return notifiedAt === undefined || (erasedAt !== undefined && erasedAt < notifiedAt) ? erasedAt : notifiedAt;
}

export interface CalendarWarning {
  readonly code: 'calendar-year-not-covered' | 'calendar-next-year-not-covered';
  readonly year: number;
  readonly message: string;
}

/**
 * What an operator must hear about the calendar at `now`: the current year is not covered (no
 * deadline started now can be counted), or a deadline started now would already reach a year that
 * is not (December, before next year's list is in).
 */
export function calendarWarnings(calendar: WorkingCalendar, now: Instant): CalendarWarning[] {
  const year = Number(localDate(now, calendar).slice(0, 4));
  if (!coversYearOf(now, calendar)) {
    return [
      {
        code: 'calendar-year-not-covered',
        year,
        message: `the working-day calendar does not cover ${year}: deadlines there are reported as calendar-unknown`,
      },
    ];
  }
  const longest = Math.max(...Object.values(DEADLINE_RULES).map((r) => r.workingDays));
  const count = countWorkingDays(now, longest, calendar);
  if (count.known) return [];
  const next = count.uncoveredYears[0];
  return [
    {
      code: 'calendar-next-year-not-covered',
      year: next,
      message: `deadlines started now reach ${next}, which the working-day calendar does not cover`,
    },
  ];
}
