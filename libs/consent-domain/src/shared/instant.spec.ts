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
});
