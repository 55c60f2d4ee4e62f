import { DomainError } from '../shared/domain-error';
import kazakhstanJson from './kazakhstan-calendar.json';
import {
  addWeekendTransfers,
  addWorkingDays,
  countWorkingDays,
  coversYearOf,
  deadlineStatus,
  endOfLocalDay,
  isWorkingDay,
  kazakhstanCalendar,
  KAZAKHSTAN_CALENDAR_SOURCE,
  localDate,
  validateCalendar,
  WorkingCalendar,
  workingDaysBetween,
} from './working-days';

const KZ = kazakhstanCalendar();
/** No holidays at all: the same weeks as Kazakhstan, to show what the holiday list changes. */
const PLAIN: WorkingCalendar = {
  utcOffsetMinutes: 300,
  weekend: [6, 7],
  holidays: [],
  workingWeekends: [],
  years: [],
  unconfirmed: [],
};

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

describe('local dates in Kazakhstan time (UTC+5)', () => {
  it('turns the local date over at 19:00Z', () => {
    expect(localDate('2025-03-07T18:59:59.999Z', KZ)).toBe('2025-03-07');
    expect(localDate('2025-03-07T19:00:00.000Z', KZ)).toBe('2025-03-08');
    expect(localDate('2025-03-07T20:00:00.000Z', KZ)).toBe('2025-03-08'); // 01:00 local on 8 March
  });

  it('ends a local day at 23:59:59.999 local', () => {
    expect(endOfLocalDay('2025-03-07', KZ)).toBe('2025-03-07T18:59:59.999Z');
    expect(endOfLocalDay('2025-03-07', { ...PLAIN, utcOffsetMinutes: 0 })).toBe('2025-03-07T23:59:59.999Z');
  });

  it('rejects malformed instants and dates', () => {
    expect(thrown(() => localDate('2025-03-07T20:00:00Z', KZ)).code).toBe('invalid-instant');
    expect(thrown(() => isWorkingDay('2025-13-01', KZ)).code).toBe('invalid-local-date');
    expect(thrown(() => endOfLocalDay('2025-02-29', KZ)).code).toBe('invalid-local-date');
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2025-03-07', true], // Friday
    ['2025-03-08', false], // Saturday and Women's Day
    ['2025-03-10', false], // Monday, the day off moved from Saturday 8 March
    ['2025-03-11', true],
    ['2025-01-03', false], // Friday, day off moved by the order from Sunday 5 January
    ['2025-01-04', false], // Saturday
    ['2025-01-05', true], // Sunday made a working day by that order
    ['2025-06-06', false], // Kurban Ait
    ['2026-05-27', false], // Kurban Ait
    ['2026-05-28', true],
    ['2026-08-31', true], // no longer off: Constitution Day moved to 15 March by the 2026 Constitution
    ['2027-01-04', false], // Monday, the day off moved from Saturday 2 January
    ['2027-01-07', false], // Orthodox Christmas, a Thursday
    ['2027-01-08', true], // no transfer order for 2027 known
    ['2027-03-15', false], // Constitution Day, a Monday
    ['2027-03-24', false], // Wednesday, the day off moved from Nauryz on Sunday 21 March
    ['2027-03-25', true],
    ['2027-05-03', false], // Monday, for Saturday 1 May
    ['2027-05-10', false], // Monday, for Sunday 9 May
    ['2027-05-17', true], // Kurban Ait 2027 not fixed yet: not listed, marked unconfirmed
    ['2027-08-30', true], // no longer Constitution Day
    ['2027-12-16', false],
  ])('%s in Kazakhstan is a working day: %p', (date, working) => {
    expect(isWorkingDay(date, KZ)).toBe(working);
  });

  it('without holidays, only the weekend is off', () => {
    expect(isWorkingDay('2025-03-10', PLAIN)).toBe(true);
    expect(isWorkingDay('2025-01-05', PLAIN)).toBe(false);
    expect(isWorkingDay('2025-01-04', { ...PLAIN, weekend: [5, 7] })).toBe(true); // a Saturday
    expect(isWorkingDay('2025-01-03', { ...PLAIN, weekend: [5, 7] })).toBe(false); // a Friday
  });
});

describe('addWorkingDays: the count starts on the working day after the local date of the event', () => {
  it('an event on a Monday morning: +15 working days is the end of Monday three weeks later', () => {
    // Mon 3 Feb 2025 09:00 local; Tue 4 Feb is day 1, Mon 24 Feb is day 15.
    expect(addWorkingDays('2025-02-03T04:00:00.000Z', 15, KZ)).toBe('2025-02-24T18:59:59.999Z');
  });

  it('+15 from a Monday skips 1 May', () => {
    // Mon 14 Apr 2025: 15 Apr..30 Apr is 12 days, Fri 2 May 13, Mon 5 May 14, Tue 6 May 15.
    expect(addWorkingDays('2025-04-14T04:00:00.000Z', 15, KZ)).toBe('2025-05-06T18:59:59.999Z');
    expect(addWorkingDays('2025-04-14T04:00:00.000Z', 15, PLAIN)).toBe('2025-05-05T18:59:59.999Z');
  });

  it('uses the local date, not the UTC date', () => {
    // Thursday 23:59:59.999 local: Friday 7 March is day 1.
    expect(addWorkingDays('2025-03-06T18:59:59.999Z', 1, KZ)).toBe('2025-03-07T18:59:59.999Z');
    // Still Thursday in UTC, already Friday 00:30 local: the next working day is Tue 11 March
    // (8 March is a Saturday holiday, so Monday 10 March is off).
    expect(addWorkingDays('2025-03-06T19:30:00.000Z', 1, KZ)).toBe('2025-03-11T18:59:59.999Z');
  });

  it('an event at 01:00 local on the 8 March holiday (still 7 March in UTC)', () => {
    expect(addWorkingDays('2025-03-07T20:00:00.000Z', 1, KZ)).toBe('2025-03-11T18:59:59.999Z');
    expect(addWorkingDays('2025-03-07T20:00:00.000Z', 2, KZ)).toBe('2025-03-12T18:59:59.999Z');
  });

  it('an event late on a Friday counts from Monday; one minute past local midnight, from the Monday too', () => {
    expect(addWorkingDays('2025-04-18T15:00:00.000Z', 1, KZ)).toBe('2025-04-21T18:59:59.999Z');
    expect(addWorkingDays('2025-04-17T18:59:59.999Z', 1, KZ)).toBe('2025-04-18T18:59:59.999Z');
    expect(addWorkingDays('2025-04-17T19:00:00.000Z', 1, KZ)).toBe('2025-04-21T18:59:59.999Z');
  });

  it('an event on a holiday counts from the next working day', () => {
    // Fri 9 May 2025, Victory Day.
    expect(addWorkingDays('2025-05-09T06:00:00.000Z', 1, KZ)).toBe('2025-05-12T18:59:59.999Z');
  });

  it('spans Nauryz 2025 (21-23 March, with 24-25 March off for the weekend days)', () => {
    expect(addWorkingDays('2025-03-20T05:00:00.000Z', 1, KZ)).toBe('2025-03-26T18:59:59.999Z');
    // Wed 19 March: Thu 20 is day 1, Wed 26 day 2, … Mon 14 April day 15.
    expect(addWorkingDays('2025-03-19T10:00:00.000Z', 15, KZ)).toBe('2025-04-14T18:59:59.999Z');
    expect(addWorkingDays('2025-03-19T10:00:00.000Z', 15, PLAIN)).toBe('2025-04-09T18:59:59.999Z');
  });

  it('spans Nauryz 2026 (Sat 21 - Mon 23 March, with 24-25 March off)', () => {
    expect(addWorkingDays('2026-03-20T05:00:00.000Z', 1, KZ)).toBe('2026-03-26T18:59:59.999Z');
  });

  it('spans New Year 2025, where Sunday 5 January was a working day', () => {
    // Mon 30 Dec 2024: Tue 31 Dec is day 1, Sun 5 Jan day 2, Mon 6 Jan day 3.
    expect(addWorkingDays('2024-12-30T05:00:00.000Z', 3, KZ)).toBe('2025-01-06T18:59:59.999Z');
  });

  it('spans New Year and Christmas 2026 (the 10-working-day notice of a transfer)', () => {
    // Tue 30 Dec 2025: Wed 31 Dec is day 1, Mon 5 Jan day 2, Tue 6 Jan day 3, Thu 8 Jan day 4 … Fri 16 Jan day 10.
    expect(addWorkingDays('2025-12-30T05:00:00.000Z', 10, KZ)).toBe('2026-01-16T18:59:59.999Z');
  });

  it('skips the day off moved from a holiday on a weekend', () => {
    // Republic Day, Sat 25 Oct 2025: Monday 27 is off, so the day after Friday 24 is Tuesday 28.
    expect(addWorkingDays('2025-10-24T05:00:00.000Z', 1, KZ)).toBe('2025-10-28T18:59:59.999Z');
    expect(addWorkingDays('2025-10-24T05:00:00.000Z', 1, PLAIN)).toBe('2025-10-27T18:59:59.999Z');
    // Republic Day, Sun 25 Oct 2026: Monday 26 is off.
    expect(addWorkingDays('2026-10-23T05:00:00.000Z', 1, KZ)).toBe('2026-10-27T18:59:59.999Z');
    // Sun 30 Aug 2026 is no longer Constitution Day, so Monday 31 is an ordinary working day.
    expect(addWorkingDays('2026-08-28T05:00:00.000Z', 1, KZ)).toBe('2026-08-31T18:59:59.999Z');
  });

  it('counts a Saturday made a working day by a transfer decree', () => {
    const decree: WorkingCalendar = { ...PLAIN, workingWeekends: ['2025-04-19'] };
    expect(addWorkingDays('2025-04-18T15:00:00.000Z', 1, decree)).toBe('2025-04-19T18:59:59.999Z');
    expect(addWorkingDays('2025-04-18T15:00:00.000Z', 2, decree)).toBe('2025-04-21T18:59:59.999Z');
    expect(addWorkingDays('2025-04-18T15:00:00.000Z', 1, PLAIN)).toBe('2025-04-21T18:59:59.999Z');
  });

  it('follows the calendar offset', () => {
    const utc: WorkingCalendar = { ...PLAIN, utcOffsetMinutes: 0 };
    expect(addWorkingDays('2025-02-03T04:00:00.000Z', 1, utc)).toBe('2025-02-04T23:59:59.999Z');
    // 20:00Z on Thursday is Friday in Kazakhstan but still Thursday in UTC.
    expect(addWorkingDays('2025-04-17T20:00:00.000Z', 1, utc)).toBe('2025-04-18T23:59:59.999Z');
    expect(addWorkingDays('2025-04-17T20:00:00.000Z', 1, PLAIN)).toBe('2025-04-21T18:59:59.999Z');
  });

  it.each([[0], [-1], [1.5], [Number.NaN]])('rejects %p working days', (n) => {
    expect(thrown(() => addWorkingDays('2025-02-03T04:00:00.000Z', n, KZ)).code).toBe('invalid-working-days');
  });

  it('rejects an event that is not an instant', () => {
    expect(thrown(() => addWorkingDays('2025-02-03', 1, KZ)).code).toBe('invalid-instant');
  });

  it('stops on a calendar without working days instead of looping', () => {
    const broken: WorkingCalendar = { ...PLAIN, weekend: [1, 2, 3, 4, 5, 6, 7] };
    expect(thrown(() => addWorkingDays('2025-02-03T04:00:00.000Z', 1, broken)).code).toBe('invalid-calendar');
  });
});

describe('countWorkingDays: an answer only from years the calendar covers', () => {
  it('counts 2027 over its holidays, naming the unconfirmed stretches crossed', () => {
    // Fri 5 March 2027: Mon 8 March and Mon 15 March (Constitution Day) are off, Nauryz 22-24 March;
    // Tue 9 is day 1 … Fri 12 day 4, Tue 16 day 5 … Fri 19 day 8, Thu 25 day 9 … Wed 31 day 13, Fri 2 April day 15.
    expect(countWorkingDays('2027-03-05T05:00:00.000Z', 15, KZ)).toEqual({
      known: true,
      deadline: '2027-04-02T18:59:59.999Z',
      unconfirmed: ['kz-2027-transfers'],
    });
    // The same count with weekends only, which is what the ledger answered before 2027 was added.
    expect(addWorkingDays('2027-03-05T05:00:00.000Z', 15, PLAIN)).toBe('2027-03-26T18:59:59.999Z');
  });

  it('names Kurban Ait 2027 only for a count that crosses it', () => {
    const crossing = countWorkingDays('2027-05-12T05:00:00.000Z', 10, KZ);
    expect(crossing).toMatchObject({ known: true, unconfirmed: ['kz-2027-transfers', 'kz-2027-kurban-ait'] });
    const before = countWorkingDays('2027-04-12T05:00:00.000Z', 10, KZ);
    expect(before).toMatchObject({ known: true, unconfirmed: ['kz-2027-transfers'] });
  });

  it('counts 2025-2026 with nothing unconfirmed', () => {
    expect(countWorkingDays('2025-12-30T05:00:00.000Z', 10, KZ)).toEqual({
      known: true,
      deadline: '2026-01-16T18:59:59.999Z',
      unconfirmed: [],
    });
  });

  it('says which year it cannot judge instead of counting weekends only', () => {
    // Mon 20 Dec 2027: the 15th working day lies in January 2028, which the file does not cover.
    expect(countWorkingDays('2027-12-20T05:00:00.000Z', 15, KZ)).toEqual({ known: false, uncoveredYears: [2028] });
    // A count that ends on 31 December 2027 needs nothing from 2028.
    expect(countWorkingDays('2027-12-30T05:00:00.000Z', 1, KZ)).toMatchObject({
      known: true,
      deadline: '2027-12-31T18:59:59.999Z',
    });
    // Friday 31 December 2027, 23:00 local: the count starts on 1 January 2028.
    expect(countWorkingDays('2027-12-31T18:00:00.000Z', 1, KZ)).toEqual({ known: false, uncoveredYears: [2028] });
    // An event in 2024 counts through 2024 days: unknown, though the deadline lands in 2025.
    expect(countWorkingDays('2024-12-30T05:00:00.000Z', 3, KZ)).toEqual({ known: false, uncoveredYears: [2024] });
  });

  it('covers nothing when the calendar names no years', () => {
    expect(countWorkingDays('2025-02-03T04:00:00.000Z', 1, PLAIN)).toEqual({ known: false, uncoveredYears: [2025] });
  });

  it('tells whether the local year of an instant is covered', () => {
    expect(coversYearOf('2027-12-31T18:59:59.999Z', KZ)).toBe(true);
    expect(coversYearOf('2027-12-31T19:00:00.000Z', KZ)).toBe(false); // 00:00 on 1 January 2028 local
    expect(coversYearOf('2024-12-31T19:00:00.000Z', KZ)).toBe(true);
  });
});

describe('workingDaysBetween: whole working days left', () => {
  it('counts the days after today whose end is not later than the deadline', () => {
    // Thu 20 Feb 2025 10:00 local to the end of Mon 24 Feb: Friday and Monday.
    expect(workingDaysBetween('2025-02-20T05:00:00.000Z', '2025-02-24T18:59:59.999Z', KZ)).toBe(2);
    // One millisecond short of the end of Monday: Monday is not whole.
    expect(workingDaysBetween('2025-02-20T05:00:00.000Z', '2025-02-24T18:59:59.998Z', KZ)).toBe(1);
    // From Wednesday 23:59:59.999 local, Thursday counts too.
    expect(workingDaysBetween('2025-02-19T18:59:59.999Z', '2025-02-24T18:59:59.999Z', KZ)).toBe(3);
  });

  it('is 0 when the deadline is not after the start', () => {
    expect(workingDaysBetween('2025-02-24T18:59:59.999Z', '2025-02-24T18:59:59.999Z', KZ)).toBe(0);
    expect(workingDaysBetween('2025-03-24T18:59:59.999Z', '2025-02-24T18:59:59.999Z', KZ)).toBe(0);
  });

  it('skips holidays', () => {
    expect(workingDaysBetween('2025-03-20T05:00:00.000Z', '2025-03-26T18:59:59.999Z', KZ)).toBe(1);
    expect(workingDaysBetween('2025-03-20T05:00:00.000Z', '2025-03-26T18:59:59.999Z', PLAIN)).toBe(4);
  });

  it.each([
    ['2025-02-03T04:00:00.000Z', 15],
    ['2025-03-06T19:00:00.000Z', 1], // exactly local midnight
    ['2025-03-07T20:00:00.000Z', 3],
    ['2025-03-19T10:00:00.000Z', 15],
    ['2025-12-30T05:00:00.000Z', 10],
    ['2024-12-30T05:00:00.000Z', 3],
  ])('undoes addWorkingDays from %s (+%i)', (event, n) => {
    expect(workingDaysBetween(event, addWorkingDays(event, n, KZ), KZ)).toBe(n);
  });

  it('finds 246 working days in 2025 (as the production calendar does), 247 in 2026 and in 2027', () => {
    expect(workingDaysBetween('2024-12-31T18:59:59.999Z', '2025-12-31T18:59:59.999Z', KZ)).toBe(246);
    // 246 in the production calendar published before the 2026 Constitution made 31 August a working day.
    expect(workingDaysBetween('2025-12-31T18:59:59.999Z', '2026-12-31T18:59:59.999Z', KZ)).toBe(247);
    // 365 days, 104 weekend days, 14 weekdays off.
    expect(workingDaysBetween('2026-12-31T18:59:59.999Z', '2027-12-31T18:59:59.999Z', KZ)).toBe(247);
  });
});

describe('deadlineStatus', () => {
  const deadline = '2025-02-24T18:59:59.999Z'; // end of Monday 24 February, local

  it.each([
    ['2025-02-19T18:59:59.999Z', 'open'], // Wed 23:59:59.999 local: Thu, Fri, Mon left
    ['2025-02-19T19:00:00.000Z', 'due-soon'], // Thu 00:00 local: Fri, Mon left
    ['2025-02-20T05:00:00.000Z', 'due-soon'],
    ['2025-02-22T05:00:00.000Z', 'due-soon'], // Saturday: Monday left
    ['2025-02-24T18:59:59.999Z', 'due-soon'], // the deadline instant is still in time
    ['2025-02-24T19:00:00.000Z', 'overdue'],
    ['2025-03-01T00:00:00.000Z', 'overdue'],
  ])('at %s with 2 working days of warning: %s', (now, status) => {
    expect(deadlineStatus(deadline, now, KZ, 2)).toBe(status);
  });

  it('with 0 working days of warning, is due-soon only on the last day', () => {
    expect(deadlineStatus(deadline, '2025-02-21T12:00:00.000Z', KZ, 0)).toBe('open');
    expect(deadlineStatus(deadline, '2025-02-23T18:59:59.999Z', KZ, 0)).toBe('open');
    expect(deadlineStatus(deadline, '2025-02-23T19:00:00.000Z', KZ, 0)).toBe('due-soon');
  });

  it('counts working days, not calendar days, across Nauryz', () => {
    // Thu 20 March to the end of Wed 26 March: six calendar days, one whole working day.
    expect(deadlineStatus('2025-03-26T18:59:59.999Z', '2025-03-20T05:00:00.000Z', KZ, 1)).toBe('due-soon');
    expect(deadlineStatus('2025-03-26T18:59:59.999Z', '2025-03-20T05:00:00.000Z', PLAIN, 1)).toBe('open');
  });

  it.each([[-1], [0.5]])('rejects a warning of %p working days', (near) => {
    expect(thrown(() => deadlineStatus(deadline, deadline, KZ, near)).code).toBe('invalid-working-days');
  });

  it('rejects instants in another form', () => {
    expect(thrown(() => deadlineStatus('2025-02-24T23:59:59+05:00', deadline, KZ, 1)).code).toBe('invalid-instant');
  });
});

describe('the Kazakhstan calendar file', () => {
  it('loads as UTC+5, Saturday-Sunday weekend, 2025-2027, 59 days off and one working Sunday', () => {
    expect(KZ.utcOffsetMinutes).toBe(300);
    expect(KZ.weekend).toEqual([6, 7]);
    expect(KZ.years).toEqual([2025, 2026, 2027]);
    expect(KZ.holidays).toHaveLength(59);
    expect(KZ.workingWeekends).toEqual(['2025-01-05']);
    expect(KAZAKHSTAN_CALENDAR_SOURCE.version).toBe(kazakhstanJson.version);
  });

  it('hands out a fresh copy each time', () => {
    (kazakhstanCalendar().holidays as string[]).push('2025-02-03');
    expect(kazakhstanCalendar().holidays).not.toContain('2025-02-03');
    expect(isWorkingDay('2025-02-03', kazakhstanCalendar())).toBe(true);
  });

  it('is the law holidays plus the weekend-coincidence days, religious days off and the 2025 order', () => {
    // Constitution Day: 30 August until 2025; 15 March from 2027 (the 2026 Constitution, Art. 94(2)).
    const constitutionDay = (year: number) => (year <= 2025 ? ['08-30'] : year >= 2027 ? ['03-15'] : []);
    const law = (year: number) =>
      [
        '01-01',
        '01-02',
        '03-08',
        '03-21',
        '03-22',
        '03-23',
        '05-01',
        '05-07',
        '05-09',
        '07-06',
        '10-25',
        '12-16',
        ...constitutionDay(year),
      ].map((d) => `${year}-${d}`);
    // Kurban Ait 2027 is not fixed yet, so it is not here (see the unconfirmed list).
    const religious = ['2025-01-07', '2025-06-06', '2026-01-07', '2026-05-27', '2027-01-07'];
    const byOrder = ['2025-01-03'];
    const laws = [...law(2025), ...law(2026), ...law(2027)];
    const expected = [...addWeekendTransfers(laws, [6, 7]), ...religious, ...byOrder].sort();
    expect(KZ.holidays).toEqual(expected);
  });

  it('marks 2027 transfers and Kurban Ait 2027 as unconfirmed', () => {
    expect(KZ.unconfirmed.map((u) => [u.id, u.from, u.to])).toEqual([
      ['kz-2027-transfers', '2027-01-01', '2027-12-31'],
      ['kz-2027-kurban-ait', '2027-05-15', '2027-05-17'],
    ]);
  });
});

describe('addWeekendTransfers', () => {
  it('moves each weekend holiday to the next free working day', () => {
    expect(addWeekendTransfers(['2026-03-21', '2026-03-22', '2026-03-23'], [6, 7])).toEqual([
      '2026-03-21',
      '2026-03-22',
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
    ]);
    expect(addWeekendTransfers(['2025-03-08', '2025-05-07'], [6, 7])).toEqual([
      '2025-03-08',
      '2025-03-10',
      '2025-05-07',
    ]);
  });
});

describe('validateCalendar', () => {
  it('fills the defaults and sorts and de-duplicates the lists', () => {
    expect(validateCalendar({ utcOffsetMinutes: 300 })).toEqual(PLAIN);
    expect(
      validateCalendar({
        utcOffsetMinutes: -210,
        weekend: [7, 5, 7], // Friday and Sunday off; 2025-04-18 below is a Friday
        holidays: ['2025-05-09', '2025-05-01', '2025-05-09'],
        workingWeekends: ['2025-04-18'],
      }),
    ).toEqual({
      utcOffsetMinutes: -210,
      weekend: [5, 7],
      holidays: ['2025-05-01', '2025-05-09'],
      workingWeekends: ['2025-04-18'],
      years: [],
      unconfirmed: [],
    });
  });

  it('keeps the covered years sorted and the unconfirmed stretches as given', () => {
    const unconfirmed = [{ id: 'x-2027', from: '2027-05-15', to: '2027-05-17', note: 'lunar date' }];
    expect(validateCalendar({ utcOffsetMinutes: 300, years: [2027, 2025, 2027], unconfirmed })).toMatchObject({
      years: [2025, 2027],
      unconfirmed,
    });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a fractional offset', { utcOffsetMinutes: 300.5 }, 'utcOffsetMinutes', 'invalid-offset'],
    ['an offset off the 15-minute grid', { utcOffsetMinutes: 301 }, 'utcOffsetMinutes', 'invalid-offset'],
    ['an offset beyond UTC+14', { utcOffsetMinutes: 900 }, 'utcOffsetMinutes', 'invalid-offset'],
    ['an offset beyond UTC-12', { utcOffsetMinutes: -735 }, 'utcOffsetMinutes', 'invalid-offset'],
    ['an offset as text', { utcOffsetMinutes: '300' }, 'utcOffsetMinutes', 'invalid-offset'],
    ['a missing offset', {}, 'utcOffsetMinutes', 'invalid-offset'],
    ['weekday 0', { utcOffsetMinutes: 300, weekend: [0] }, 'weekend[0]', 'invalid-weekday'],
    ['weekday 8', { utcOffsetMinutes: 300, weekend: [6, 8] }, 'weekend[1]', 'invalid-weekday'],
    [
      'a week with no working day',
      { utcOffsetMinutes: 300, weekend: [1, 2, 3, 4, 5, 6, 7] },
      'weekend',
      'no-working-weekday',
    ],
    ['a weekend as text', { utcOffsetMinutes: 300, weekend: 'sat,sun' }, 'weekend', 'invalid-weekend'],
    ['30 February', { utcOffsetMinutes: 300, holidays: ['2025-02-30'] }, 'holidays[0]', 'invalid-date'],
    [
      'an unpadded date',
      { utcOffsetMinutes: 300, holidays: ['2025-01-01', '2025-3-8'] },
      'holidays[1]',
      'invalid-date',
    ],
    ['holidays as one string', { utcOffsetMinutes: 300, holidays: '2025-01-01' }, 'holidays', 'invalid-dates'],
    [
      'a working "weekend" on a Wednesday',
      { utcOffsetMinutes: 300, workingWeekends: ['2025-04-16'] },
      'workingWeekends',
      'not-a-weekend',
    ],
    ['years as text', { utcOffsetMinutes: 300, years: '2025' }, 'years', 'invalid-years'],
    ['a fractional year', { utcOffsetMinutes: 300, years: [2025.5] }, 'years[0]', 'invalid-year'],
    ['a year out of range', { utcOffsetMinutes: 300, years: [2025, 25] }, 'years[1]', 'invalid-year'],
    ['unconfirmed as one object', { utcOffsetMinutes: 300, unconfirmed: {} }, 'unconfirmed', 'invalid-unconfirmed'],
    [
      'an unconfirmed stretch without an id',
      { utcOffsetMinutes: 300, unconfirmed: [{ from: '2027-01-01', to: '2027-01-02', note: 'n' }] },
      'unconfirmed[0].id',
      'invalid-id',
    ],
    [
      'an unconfirmed stretch that ends before it starts',
      { utcOffsetMinutes: 300, unconfirmed: [{ id: 'a', from: '2027-01-02', to: '2027-01-01', note: 'n' }] },
      'unconfirmed[0]',
      'invalid-range',
    ],
    [
      'an unconfirmed stretch on 30 February',
      { utcOffsetMinutes: 300, unconfirmed: [{ id: 'a', from: '2027-02-30', to: '2027-03-01', note: 'n' }] },
      'unconfirmed[0].from',
      'invalid-date',
    ],
    [
      'an unconfirmed stretch that does not say why',
      { utcOffsetMinutes: 300, unconfirmed: [{ id: 'a', from: '2027-01-01', to: '2027-01-01' }] },
      'unconfirmed[0].note',
      'invalid-note',
    ],
    [
      'a date both off and working',
      { utcOffsetMinutes: 300, holidays: ['2025-04-19'], workingWeekends: ['2025-04-19'] },
      'workingWeekends',
      'working-holiday',
    ],
  ])('rejects %s', (_what, value, field, code) => {
    const error = thrown(() => validateCalendar(value));
    expect(error.kind).toBe('invalid');
    expect(error.code).toBe('invalid-calendar');
    expect(error.details).toEqual([expect.objectContaining({ field, code })]);
    expect(error.message).toContain(field);
  });

  it('reports every problem at once', () => {
    const error = thrown(() => validateCalendar({ utcOffsetMinutes: 1000, weekend: [9], holidays: ['x'] }));
    expect(error.details.map((d) => d.field)).toEqual(['utcOffsetMinutes', 'weekend[0]', 'holidays[0]']);
  });

  it.each([[null], [[]], ['calendar']])('rejects %p as a calendar', (value) => {
    expect(thrown(() => validateCalendar(value)).code).toBe('invalid-calendar');
  });
});
