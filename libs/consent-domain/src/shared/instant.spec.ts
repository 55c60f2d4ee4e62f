import { atOrBefore, normaliseInstant } from './instant';

describe('normaliseInstant', () => {
  it('refuses a moment whose UTC form leaves four-digit years: instants compare as text', () => {
    // 9999-12-31T23:00-05:00 is 10000-01-01T04:00Z, written "+010000-…", which sorts before every year.
    expect(normaliseInstant('9999-12-31T23:00:00-05:00')).toBeUndefined();
    expect(normaliseInstant('0000-01-01T00:30:00+01:00')).toBeUndefined();
    const late = normaliseInstant('9999-12-31T00:00:00Z');
    expect(late).toBe('9999-12-31T00:00:00.000Z');
    expect(atOrBefore('2025-03-01T00:00:00.000Z', late!)).toBe(true);
  });

  it('takes the first hundred years like any other: a date exists or not by the calendar, not by Date.UTC', () => {
    // Date.UTC reads years 0-99 as 1900-1999, so a real date of those years looked like one that does not exist.
    expect(normaliseInstant('0000-01-01T00:00:00Z')).toBe('0000-01-01T00:00:00.000Z');
    expect(normaliseInstant('0099-12-31T23:59:59+00:00')).toBe('0099-12-31T23:59:59.000Z');
    expect(normaliseInstant('0004-02-29T00:00:00Z')).toBe('0004-02-29T00:00:00.000Z');
    expect(normaliseInstant('0001-02-29T00:00:00Z')).toBeUndefined();
  });

  it('reads a leap second as the last millisecond of its day, and refuses a 60th second where none can be', () => {
    // Date.parse refuses 23:59:60, so an RFC 3339 instant a leap-second clock gives was "no date-time".
    for (const spelling of ['2016-12-31T23:59:60Z', '2016-12-31T23:59:60.5Z', '2017-01-01T05:59:60,25+06:00'])
      expect([spelling, normaliseInstant(spelling)]).toEqual([spelling, '2016-12-31T23:59:59.999Z']);
    expect(normaliseInstant('2015-06-30T23:59:60Z', 'up')).toBe('2015-06-30T23:59:59.999Z');
    for (const wrong of [
      '2016-11-30T23:59:60Z',
      '2016-12-31T22:59:60Z',
      '2016-12-31T23:59:60+05:00',
      '2016-12-31T23:59:61Z',
    ])
      expect([wrong, normaliseInstant(wrong)]).toEqual([wrong, undefined]);
  });

  it('reads the odd but valid spellings of an instant, and refuses what is no instant', () => {
    const same = '2024-02-29T08:14:10.500Z';
    for (const spelling of [
      '2024-02-29T08:14:10.5Z',
      '2024-02-29T08:14:10,5Z',
      '2024-02-29T13:14:10.500+05:00',
      '2024-02-29T08:14:10.500+00:00',
      '2024-02-29T08:14:10.500-00:00',
      '2024-02-29T03:14:10,500000-05:00',
    ])
      expect([spelling, normaliseInstant(spelling)]).toEqual([spelling, same]);
    for (const wrong of [
      '2023-02-29T08:14:10Z',
      '2024-02-29T08:14:10',
      '2024-02-29',
      '2024-02-29T08:14:10,Z',
      '2024-02-29T08:14:10.5,5Z',
    ])
      expect([wrong, normaliseInstant(wrong)]).toEqual([wrong, undefined]);
  });
});

describe('normaliseInstant below a millisecond', () => {
  it('drops the digits below a millisecond for "at or before", and rounds a period bound up', () => {
    // A fact at 10:00:00.000 is at or before 10:00:00.0005, and before it: a period ending there holds it.
    expect(normaliseInstant('2025-03-01T10:00:00.0005Z')).toBe('2025-03-01T10:00:00.000Z');
    expect(normaliseInstant('2025-03-01T10:00:00.0005Z', 'up')).toBe('2025-03-01T10:00:00.001Z');
    expect(normaliseInstant('2025-03-01T15:00:00.999000001+05:00', 'up')).toBe('2025-03-01T10:00:01.000Z');
    // Whole milliseconds, however many zeros follow, are what they say.
    expect(normaliseInstant('2025-03-01T10:00:00.123000000Z', 'up')).toBe('2025-03-01T10:00:00.123Z');
    expect(normaliseInstant('2025-03-01T10:00:00Z', 'up')).toBe('2025-03-01T10:00:00.000Z');
    expect(normaliseInstant('2025-03-01T10:00:00,0001Z', 'up')).toBe('2025-03-01T10:00:00.001Z');
    // Rounded past the last instant with four year digits, it is none.
    expect(normaliseInstant('9999-12-31T23:59:59.9991Z', 'up')).toBeUndefined();
    expect(normaliseInstant('9999-12-31T23:59:59.9991Z')).toBe('9999-12-31T23:59:59.999Z');
  });
});
