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
});
