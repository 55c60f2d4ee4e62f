import { kazakhstanCalendar, WorkingCalendar } from '../calendar/working-days';
import { Instant } from '../shared/instant';
import { calendarWarnings, DEADLINE_RULES, DeadlineView, noticeDeadline, stopProcessingDeadline } from './deadlines';

const KZ = kazakhstanCalendar();

type Withdrawal = Parameters<typeof stopProcessingDeadline>[0];
type Disclosure = Parameters<typeof noticeDeadline>[0];

/** given the facts the read models hold, at a moment, then the deadline as the report shows it. */
function given<F>(rule: (fact: F, q: Parameters<typeof stopProcessingDeadline>[1]) => DeadlineView | undefined) {
  return (fact: F, calendar: WorkingCalendar = KZ) => ({
    at: (now: Instant, nearWithinWorkingDays = 3) => ({
      then: (expected: DeadlineView | undefined) =>
        expect(rule(fact, { now, calendar, nearWithinWorkingDays })).toEqual(expected),
    }),
  });
}
const givenWithdrawal = given<Withdrawal>(stopProcessingDeadline);
const givenDisclosure = given<Disclosure>(noticeDeadline);

describe('Art. 8(7): processing stops within 15 working days of a withdrawal', () => {
  it('runs 15 working days from the day after a withdrawal carried out', () => {
    expect(DEADLINE_RULES['stop-processing']).toEqual({
      kind: 'stop-processing',
      workingDays: 15,
      citation: 'Law 94-V Art. 8(7)',
    });
    // Tue 27 Oct 2026: Wed 28 Oct is day 1, Tue 17 Nov day 15.
    givenWithdrawal({ outcome: 'withdrawn', occurredAt: '2026-10-27T10:00:00.000Z' })
      .at('2026-11-25T10:00:00.000Z')
      .then({ status: 'overdue', deadline: '2026-11-17T18:59:59.999Z', workingDaysLeft: 0 });
  });

  it('is due soon while at most the warning window of working days is left, open before', () => {
    // Thu 5 Nov 2026: day 15 is Thu 26 Nov; on Wed 25 Nov one whole working day is left.
    const withdrawal: Withdrawal = { outcome: 'withdrawn', occurredAt: '2026-11-05T10:00:00.000Z' };
    givenWithdrawal(withdrawal)
      .at('2026-11-25T10:00:00.000Z')
      .then({ status: 'due-soon', deadline: '2026-11-26T18:59:59.999Z', workingDaysLeft: 1 });
    givenWithdrawal(withdrawal)
      .at('2026-11-16T10:00:00.000Z')
      .then({ status: 'open', deadline: '2026-11-26T18:59:59.999Z', workingDaysLeft: 8 });
  });

  it('is closed once processing is recorded as stopped, and says so when the stop came after the deadline', () => {
    const withdrawal: Withdrawal = { outcome: 'withdrawn', occurredAt: '2026-10-27T10:00:00.000Z' };
    givenWithdrawal({ ...withdrawal, stoppedAt: '2026-11-20T10:00:00.000Z' })
      .at('2026-11-25T10:00:00.000Z')
      .then({ status: 'closed', deadline: '2026-11-17T18:59:59.999Z', workingDaysLeft: 0, closedLate: true });
    // The last instant of the 15th working day is still in time.
    givenWithdrawal({ ...withdrawal, stoppedAt: '2026-11-17T18:59:59.999Z' })
      .at('2026-11-25T10:00:00.000Z')
      .then({ status: 'closed', deadline: '2026-11-17T18:59:59.999Z', workingDaysLeft: 0 });
  });

  it('starts no deadline for a withdrawal made before the rule came into force on 17 November 2025', () => {
    // 23:30 on Sunday 16 November in Kazakhstan: before; 00:30 on Monday 17 November: from then on.
    givenWithdrawal({ outcome: 'withdrawn', occurredAt: '2025-11-16T18:30:00.000Z' })
      .at('2026-11-25T10:00:00.000Z')
      .then(undefined);
    givenWithdrawal({ outcome: 'withdrawn', occurredAt: '2025-11-16T19:30:00.000Z' })
      .at('2026-11-25T10:00:00.000Z')
      .then({ status: 'overdue', deadline: '2025-12-08T18:59:59.999Z', workingDaysLeft: 0 });
  });

  it('starts no deadline for a refused withdrawal: the refusal was the answer', () => {
    givenWithdrawal({ outcome: 'refused', occurredAt: '2026-10-27T10:00:00.000Z' })
      .at('2026-11-25T10:00:00.000Z')
      .then(undefined);
  });
});

describe('Art. 19: the person is told of a transfer within 10 working days, where the consent asks', () => {
  const asked: Disclosure = { outcome: 'recorded', subjectToBeNotified: true, occurredAt: '2026-11-09T10:00:00.000Z' };

  it('runs 10 working days from the day after the disclosure', () => {
    expect(DEADLINE_RULES['notify-subject']).toMatchObject({ workingDays: 10, citation: 'Law 94-V Art. 19' });
    // Mon 9 Nov 2026: Tue 10 Nov is day 1, Mon 23 Nov day 10.
    givenDisclosure(asked)
      .at('2026-11-25T10:00:00.000Z')
      .then({ status: 'overdue', deadline: '2026-11-23T18:59:59.999Z', workingDaysLeft: 0 });
  });

  it('is closed once the person is recorded as told, late when told after the tenth working day', () => {
    givenDisclosure({ ...asked, notifiedAt: '2026-11-24T10:00:00.000Z' })
      .at('2026-11-25T10:00:00.000Z')
      .then({ status: 'closed', deadline: '2026-11-23T18:59:59.999Z', workingDaysLeft: 0, closedLate: true });
    givenDisclosure({ ...asked, notifiedAt: '2026-11-23T10:00:00.000Z' })
      .at('2026-11-25T10:00:00.000Z')
      .then({ status: 'closed', deadline: '2026-11-23T18:59:59.999Z', workingDaysLeft: 0 });
  });

  it('is closed by the person’s erasure, which no notice can follow: late when it came after the tenth working day', () => {
    givenDisclosure({ ...asked, erasedAt: '2026-11-24T10:00:00.000Z' })
      .at('2026-11-25T10:00:00.000Z')
      .then({ status: 'closed', deadline: '2026-11-23T18:59:59.999Z', workingDaysLeft: 0, closedLate: true });
    givenDisclosure({ ...asked, erasedAt: '2026-11-20T10:00:00.000Z' })
      .at('2026-11-25T10:00:00.000Z')
      .then({ status: 'closed', deadline: '2026-11-23T18:59:59.999Z', workingDaysLeft: 0 });
    // Told in time, then erased: the notice closed it.
    givenDisclosure({ ...asked, notifiedAt: '2026-11-12T10:00:00.000Z', erasedAt: '2026-11-24T10:00:00.000Z' })
      .at('2026-11-25T10:00:00.000Z')
      .then({ status: 'closed', deadline: '2026-11-23T18:59:59.999Z', workingDaysLeft: 0 });
  });

  it('starts nothing when the consent did not ask for notice, or when the disclosure was refused', () => {
    givenDisclosure({ ...asked, subjectToBeNotified: false })
      .at('2026-11-25T10:00:00.000Z')
      .then(undefined);
    givenDisclosure({ ...asked, outcome: 'refused' })
      .at('2026-11-25T10:00:00.000Z')
      .then(undefined);
  });
});

describe('a deadline never rests on a guessed calendar', () => {
  it('counts 2027 over its holidays and names the stretches that may still change', () => {
    // Fri 5 March 2027: 8 and 15 March and 22-24 March are off; day 15 is Fri 2 April.
    givenWithdrawal({ outcome: 'withdrawn', occurredAt: '2027-03-05T05:00:00.000Z' })
      .at('2027-03-19T05:00:00.000Z')
      .then({
        status: 'open',
        deadline: '2027-04-02T18:59:59.999Z',
        workingDaysLeft: 7, // Thu 25 March … Fri 2 April, past Nauryz
        calendarUnconfirmed: ['kz-2027-transfers'],
      });
  });

  it('says calendar-unknown, with the year, when the count reaches a year the calendar does not cover', () => {
    // Mon 20 Dec 2027 + 15 working days reaches January 2028.
    givenWithdrawal({ outcome: 'withdrawn', occurredAt: '2027-12-20T05:00:00.000Z' })
      .at('2027-12-21T05:00:00.000Z')
      .then({ status: 'calendar-unknown', calendarUnknownYears: [2028] });
    givenDisclosure({ outcome: 'recorded', subjectToBeNotified: true, occurredAt: '2027-12-27T05:00:00.000Z' })
      .at('2027-12-28T05:00:00.000Z')
      .then({ status: 'calendar-unknown', calendarUnknownYears: [2028] });
  });

  it('keeps a closed deadline closed, saying its end could not be counted', () => {
    givenWithdrawal({
      outcome: 'withdrawn',
      occurredAt: '2027-12-20T05:00:00.000Z',
      stoppedAt: '2027-12-22T05:00:00.000Z',
    })
      .at('2027-12-23T05:00:00.000Z')
      .then({ status: 'closed', workingDaysLeft: 0, calendarUnknownYears: [2028] });
  });
});

describe('calendarWarnings: what readiness tells an operator', () => {
  it('says nothing while every deadline started now can be counted', () => {
    expect(calendarWarnings(KZ, '2026-11-27T10:00:00.000Z')).toEqual([]);
    // 1 December 2027: 15 working days end on 22 December.
    expect(calendarWarnings(KZ, '2027-12-01T05:00:00.000Z')).toEqual([]);
  });

  it('warns in December when deadlines started now reach an uncovered year', () => {
    expect(calendarWarnings(KZ, '2027-12-20T05:00:00.000Z')).toEqual([
      expect.objectContaining({ code: 'calendar-next-year-not-covered', year: 2028 }),
    ]);
  });

  it('warns when the current year, in local time, is not covered', () => {
    expect(calendarWarnings(KZ, '2027-12-31T19:00:00.000Z')).toEqual([
      expect.objectContaining({ code: 'calendar-year-not-covered', year: 2028 }),
    ]);
    expect(calendarWarnings(KZ, '2024-06-03T05:00:00.000Z')).toEqual([
      expect.objectContaining({ code: 'calendar-year-not-covered', year: 2024 }),
    ]);
  });
});
