import kazakhstanJson from './kazakhstan-calendar.json';
import { ErrorDetail, invalid } from '../shared/domain-error';
import { epochMs, Instant, isInstant, toInstant } from '../shared/instant';

/** A calendar date in local time, `YYYY-MM-DD`. */
export type LocalDate = string;

/** Which local days are working days, and what "local" means. */
export interface WorkingCalendar {
  /** Local time minus UTC in minutes: 300 for Kazakhstan (one zone, UTC+5, since 1 March 2024). */
  readonly utcOffsetMinutes: number;
  /** ISO weekdays off, 1 = Monday … 7 = Sunday; Saturday and Sunday by default. */
  readonly weekend: readonly number[];
  /** Local dates that are days off: holidays, days off moved from a weekend, days off moved by decree. */
  readonly holidays: readonly LocalDate[];
  /** Weekend dates made working days by a transfer decree. */
  readonly workingWeekends: readonly LocalDate[];
  /**
   * The years whose days off the lists hold in full. A count that must judge a day of any other
   * year cannot be answered: the lists say nothing about it, and a guess would look like an answer.
   */
  readonly years: readonly number[];
  /** Stretches of covered years where a day off may still be added or moved. */
  readonly unconfirmed: readonly UnconfirmedDays[];
}

/** A stretch the calendar cannot vouch for yet: a transfer not yet decreed, a lunar date not yet fixed. */
export interface UnconfirmedDays {
  readonly id: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly note: string;
}

/**
 * A count of working days, or why there is none: which years it had to judge that the calendar
 * does not cover. `unconfirmed` names the stretches it crossed that may still change.
 */
export type WorkingDaysCount =
  | { readonly known: true; readonly deadline: Instant; readonly unconfirmed: readonly string[] }
  | { readonly known: false; readonly uncoveredYears: readonly number[] };

export type DeadlineStatus = 'open' | 'due-soon' | 'overdue';

export const DEFAULT_WEEKEND: readonly number[] = [6, 7];

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
// The offsets in use on Earth run from UTC-12:00 to UTC+14:00, all in steps of 15 minutes.
const MIN_OFFSET = -12 * 60;
const MAX_OFFSET = 14 * 60;
// A valid calendar has a working weekday every week and finitely many holidays, so a search for
// the next working day ends; this bound only stops a calendar that slipped past validation.
const MAX_DAYS_WITHOUT_WORK = 366;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string' || !LOCAL_DATE.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00.000Z`);
  // The round trip rejects dates that do not exist, such as 2025-02-30.
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

// Days are handled as whole numbers of days since 1970-01-01 (local), which makes stepping trivial.
const dayOf = (date: LocalDate): number => Date.parse(`${date}T00:00:00.000Z`) / DAY_MS;
const dateOf = (day: number): LocalDate => new Date(day * DAY_MS).toISOString().slice(0, 10);
const isoWeekday = (day: number): number => ((new Date(day * DAY_MS).getUTCDay() + 6) % 7) + 1;
const offsetMs = (calendar: WorkingCalendar): number => calendar.utcOffsetMinutes * MINUTE_MS;
const yearOf = (day: number): number => new Date(day * DAY_MS).getUTCFullYear();
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;
const UNCONFIRMED_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

function assertInstant(value: Instant, field: string): void {
  if (!isInstant(value)) {
    throw invalid('invalid-instant', `${field} must be a UTC instant like 2025-03-01T09:30:00.000Z, got ${value}`, [
      { field, code: 'invalid-instant', message: 'must be YYYY-MM-DDTHH:mm:ss.sssZ' },
    ]);
  }
}

function assertLocalDate(value: LocalDate): void {
  if (!isLocalDate(value)) {
    throw invalid('invalid-local-date', `a local date must be an existing YYYY-MM-DD date, got ${value}`);
  }
}

const localDay = (instant: Instant, calendar: WorkingCalendar): number =>
  Math.floor((epochMs(instant) + offsetMs(calendar)) / DAY_MS);

const endOfDay = (day: number, calendar: WorkingCalendar): Instant =>
  toInstant((day + 1) * DAY_MS - offsetMs(calendar) - 1);

function isWorking(day: number, calendar: WorkingCalendar): boolean {
  const date = dateOf(day);
  if (calendar.holidays.includes(date)) return false;
  if (calendar.workingWeekends.includes(date)) return true;
  return !calendar.weekend.includes(isoWeekday(day));
}

function nextWorkingDay(day: number, calendar: WorkingCalendar): number {
  for (let next = day + 1; next <= day + MAX_DAYS_WITHOUT_WORK; next++) {
    if (isWorking(next, calendar)) return next;
  }
  throw invalid('invalid-calendar', `the calendar has no working day within a year after ${dateOf(day)}`);
}

/** The local date of an instant. */
export function localDate(instant: Instant, calendar: WorkingCalendar): LocalDate {
  assertInstant(instant, 'instant');
  return dateOf(localDay(instant, calendar));
}

/** The last millisecond of a local date (23:59:59.999 local), as a UTC instant. */
export function endOfLocalDay(date: LocalDate, calendar: WorkingCalendar): Instant {
  assertLocalDate(date);
  return endOfDay(dayOf(date), calendar);
}

/** A holiday is never a working day; a weekend date is one only when a decree made it so. */
export function isWorkingDay(date: LocalDate, calendar: WorkingCalendar): boolean {
  assertLocalDate(date);
  return isWorking(dayOf(date), calendar);
}

/**
 * The deadline `n` working days after an event, by the ledger's rule:
 * - the count starts on the first working day AFTER the local date of the event, whatever the
 *   hour and whether or not the event's own day is a working day (an event on a Friday evening or
 *   on a holiday counts from the next working day);
 * - the deadline is the END of the n-th working day: 23:59:59.999 local time, as a UTC instant.
 *
 * Why: the Civil Code's rule on periods (cited as Art. 173) has a period in days begin on the day
 * after the event, and an act may be done until the end of the last day. Applying that to working
 * days is the ledger's interpretation, not a text of Law 94-V.
 */
export function addWorkingDays(event: Instant, n: number, calendar: WorkingCalendar): Instant {
  assertInstant(event, 'event');
  if (!Number.isInteger(n) || n < 1) {
    throw invalid('invalid-working-days', `a number of working days must be a whole number of at least 1, got ${n}`);
  }
  let day = localDay(event, calendar);
  for (let counted = 0; counted < n; counted++) day = nextWorkingDay(day, calendar);
  return endOfDay(day, calendar);
}

/**
 * `addWorkingDays` that never guesses: every day it judges, from the day after the event to the
 * deadline, must lie in a year the calendar covers. When one does not, the answer is the years it
 * could not judge (found by counting on with weekends only, which is how far a guess would reach).
 */
export function countWorkingDays(event: Instant, n: number, calendar: WorkingCalendar): WorkingDaysCount {
  const deadline = addWorkingDays(event, n, calendar);
  const first = localDay(event, calendar) + 1;
  const last = localDay(deadline, calendar);
  const uncoveredYears: number[] = [];
  for (let year = yearOf(first); year <= yearOf(last); year++) {
    if (!calendar.years.includes(year)) uncoveredYears.push(year);
  }
  if (uncoveredYears.length > 0) return { known: false, uncoveredYears };
  const unconfirmed = calendar.unconfirmed
    .filter((u) => dayOf(u.from) <= last && dayOf(u.to) >= first)
    .map((u) => u.id);
  return { known: true, deadline, unconfirmed };
}

/** Whether the calendar holds every day off of the year of this instant (local time). */
export function coversYearOf(instant: Instant, calendar: WorkingCalendar): boolean {
  assertInstant(instant, 'instant');
  return calendar.years.includes(yearOf(localDay(instant, calendar)));
}

/**
 * The whole working days left between two instants: working days after the local date of `from`
 * whose end is at or before `to`. The day of `from` never counts (it has begun), matching
 * addWorkingDays: `workingDaysBetween(e, addWorkingDays(e, n)) === n`. 0 when `to` is not after `from`.
 */
export function workingDaysBetween(from: Instant, to: Instant, calendar: WorkingCalendar): number {
  assertInstant(from, 'from');
  assertInstant(to, 'to');
  if (to <= from) return 0;
  let last = localDay(to, calendar);
  if (endOfDay(last, calendar) > to) last -= 1; // that day is not over by `to`
  let count = 0;
  for (let day = localDay(from, calendar) + 1; day <= last; day++) if (isWorking(day, calendar)) count++;
  return count;
}

/**
 * 'overdue' once `now` is past the deadline instant (the deadline itself is still in time);
 * 'due-soon' while at most `nearWithinWorkingDays` whole working days remain after today, so with 0
 * only on the deadline's last day; 'open' before that.
 */
export function deadlineStatus(
  deadline: Instant,
  now: Instant,
  calendar: WorkingCalendar,
  nearWithinWorkingDays: number,
): DeadlineStatus {
  if (!Number.isInteger(nearWithinWorkingDays) || nearWithinWorkingDays < 0) {
    throw invalid(
      'invalid-working-days',
      `nearWithinWorkingDays must be a whole number of at least 0, got ${nearWithinWorkingDays}`,
    );
  }
  assertInstant(deadline, 'deadline');
  assertInstant(now, 'now');
  if (now > deadline) return 'overdue';
  return workingDaysBetween(now, deadline, calendar) <= nearWithinWorkingDays ? 'due-soon' : 'open';
}

/**
 * Adds the days off that the weekend-coincidence rule produces (Law on holidays Art. 5 / Labour
 * Code Art. 85): when a holiday falls on a weekend day, the next working day after the holiday is
 * off. Each moved day skips later holidays and days already moved, so Nauryz on Sat-Sun-Mon gives
 * Tuesday and Wednesday. Pass only the national and state holidays: religious days off do not move.
 * For generating a year's list; the returned list is sorted and holds the input too.
 */
export function addWeekendTransfers(holidays: readonly LocalDate[], weekend: readonly number[]): LocalDate[] {
  holidays.forEach(assertLocalDate);
  const off = new Set(holidays);
  for (const holiday of [...holidays].sort()) {
    if (!weekend.includes(isoWeekday(dayOf(holiday)))) continue;
    let day = dayOf(holiday) + 1;
    while (off.has(dateOf(day)) || weekend.includes(isoWeekday(day))) {
      if (++day > dayOf(holiday) + MAX_DAYS_WITHOUT_WORK) throw invalid('invalid-weekend', 'no working weekday');
    }
    off.add(dateOf(day));
  }
  return [...off].sort();
}

/**
 * Checks a calendar (from the data file or an operator's configuration) and returns a clean copy
 * with sorted, de-duplicated lists. Throws one 'invalid-calendar' error listing every problem.
 */
export function validateCalendar(value: unknown): WorkingCalendar {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('invalid-calendar', 'a working calendar must be an object');
  }
  const raw = value as Record<string, unknown>;
  const problems: ErrorDetail[] = [];
  const problem: Problem = (field, code, message) => problems.push({ field, code, message });

  const offset = raw.utcOffsetMinutes;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset % 15 !== 0) {
    problem('utcOffsetMinutes', 'invalid-offset', `must be a whole number of minutes in steps of 15, got ${offset}`);
  } else if (offset < MIN_OFFSET || offset > MAX_OFFSET) {
    problem('utcOffsetMinutes', 'invalid-offset', `must lie between ${MIN_OFFSET} and ${MAX_OFFSET}, got ${offset}`);
  }

  const weekend = raw.weekend === undefined ? [...DEFAULT_WEEKEND] : raw.weekend;
  let weekdaysOff: number[] = [];
  if (!Array.isArray(weekend)) {
    problem('weekend', 'invalid-weekend', 'must be a list of ISO weekdays (1 = Monday … 7 = Sunday)');
  } else {
    weekend.forEach((d, i) => {
      if (!Number.isInteger(d) || d < 1 || d > 7) {
        problem(`weekend[${i}]`, 'invalid-weekday', `must be an ISO weekday from 1 to 7, got ${JSON.stringify(d)}`);
      }
    });
    const valid = weekend.filter((d): d is number => Number.isInteger(d) && d >= 1 && d <= 7);
    weekdaysOff = [...new Set(valid)].sort((a, b) => a - b);
    if (weekdaysOff.length === 7)
      problem('weekend', 'no-working-weekday', 'at least one weekday must be a working day');
  }

  const dates = (field: 'holidays' | 'workingWeekends'): LocalDate[] => {
    const list = raw[field] === undefined ? [] : raw[field];
    if (!Array.isArray(list)) {
      problem(field, 'invalid-dates', 'must be a list of YYYY-MM-DD local dates');
      return [];
    }
    list.forEach((d, i) => {
      if (!isLocalDate(d))
        problem(`${field}[${i}]`, 'invalid-date', `must be an existing YYYY-MM-DD date, got ${JSON.stringify(d)}`);
    });
    return [...new Set(list.filter(isLocalDate))].sort();
  };
  const holidays = dates('holidays');
  const workingWeekends = dates('workingWeekends');
  const years = coveredYears(raw.years, problem);
  const unconfirmed = unconfirmedDays(raw.unconfirmed, problem);
  for (const date of workingWeekends) {
    if (holidays.includes(date)) {
      problem('workingWeekends', 'working-holiday', `${date} is listed both as a holiday and as a working weekend day`);
    } else if (weekdaysOff.length > 0 && !weekdaysOff.includes(isoWeekday(dayOf(date)))) {
      // A weekday listed here is most likely a typo for the Saturday the decree meant.
      problem('workingWeekends', 'not-a-weekend', `${date} is not a weekend day, so it cannot be made a working day`);
    }
  }

  if (problems.length > 0) {
    const summary = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    throw invalid('invalid-calendar', `invalid working calendar: ${summary}`, problems);
  }
  return { utcOffsetMinutes: offset as number, weekend: weekdaysOff, holidays, workingWeekends, years, unconfirmed };
}

type Problem = (field: string, code: string, message: string) => void;

// A calendar that names no years covers none: every deadline then says calendar-unknown.
function coveredYears(value: unknown, problem: Problem): number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problem('years', 'invalid-years', 'must be a list of the years whose days off the file holds in full');
    return [];
  }
  value.forEach((y, i) => {
    if (!Number.isInteger(y) || y < MIN_YEAR || y > MAX_YEAR) {
      problem(
        `years[${i}]`,
        'invalid-year',
        `must be a year from ${MIN_YEAR} to ${MAX_YEAR}, got ${JSON.stringify(y)}`,
      );
    }
  });
  const valid = value.filter((y): y is number => Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR);
  return [...new Set(valid)].sort((a, b) => a - b);
}

function unconfirmedDays(value: unknown, problem: Problem): UnconfirmedDays[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problem('unconfirmed', 'invalid-unconfirmed', 'must be a list of { id, from, to, note }');
    return [];
  }
  const kept: UnconfirmedDays[] = [];
  value.forEach((entry, i) => {
    const field = `unconfirmed[${i}]`;
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    let ok = true;
    if (typeof e.id !== 'string' || !UNCONFIRMED_ID.test(e.id)) {
      problem(`${field}.id`, 'invalid-id', 'must be a short lower-case code like kz-2027-transfers');
      ok = false;
    } else if (kept.some((k) => k.id === e.id)) {
      problem(`${field}.id`, 'duplicate-id', `${e.id} is listed twice`);
      ok = false;
    }
    for (const end of ['from', 'to'] as const) {
      if (!isLocalDate(e[end])) {
        problem(
          `${field}.${end}`,
          'invalid-date',
          `must be an existing YYYY-MM-DD date, got ${JSON.stringify(e[end])}`,
        );
        ok = false;
      }
    }
    if (ok && (e.from as string) > (e.to as string)) {
      problem(field, 'invalid-range', `from ${e.from} is after to ${e.to}`);
      ok = false;
    }
    if (typeof e.note !== 'string' || e.note.length < 1 || e.note.length > 1000) {
      problem(`${field}.note`, 'invalid-note', 'must say, in 1-1000 characters, what is not yet confirmed');
      ok = false;
    }
    if (ok) kept.push({ id: e.id as string, from: e.from as LocalDate, to: e.to as LocalDate, note: e.note as string });
  });
  return kept;
}

/**
 * Kazakhstan's calendar from `kazakhstan-calendar.json` (versioned with the repo; `years` says which
 * years it covers, `unconfirmed` what may still change). Operators may override it by configuration.
 */
export function kazakhstanCalendar(): WorkingCalendar {
  return validateCalendar(kazakhstanJson);
}

/** The version and provenance of the bundled Kazakhstan calendar, for audit records. */
export const KAZAKHSTAN_CALENDAR_SOURCE: { readonly version: string; readonly source: string } = {
  version: kazakhstanJson.version,
  source: kazakhstanJson.source,
};
