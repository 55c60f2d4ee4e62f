/**
 * Instants are UTC ISO-8601 strings with milliseconds (`2025-03-01T09:30:00.000Z`). In that one
 * form, string order is time order, so the domain compares them without a clock or Date objects.
 */
export type Instant = string;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function isInstant(value: unknown): value is Instant {
  return (
    typeof value === 'string' &&
    INSTANT.test(value) &&
    !Number.isNaN(Date.parse(value)) &&
    toInstant(Date.parse(value)) === value
  );
}

/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the instants whose ISO form has four year digits. */
const FIRST_INSTANT_MS = Date.parse('0000-01-01T00:00:00.000Z');
const LAST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Normalises any ISO-8601 date-time with an offset to the ledger's form; undefined when invalid. The
 * fraction of a second may follow a comma, the decimal sign ISO 8601 names first (ISO 8601-1 §3.2.6).
 *
 * The ledger's instants are whole milliseconds; digits below one are dropped (`down`, the default),
 * which answers "at or before T" exactly: a fact at 10:00:00.000 is at or before 10:00:00.0005, as it
 * is at or before 10:00:00.000. A bound that counts what lies strictly before it, or at or after it (a
 * period's `to` and `from`), rounds `up` instead: 10:00:00.000 is before 10:00:00.0005, so a period
 * ending there holds it, and one starting there does not.
 */
export function normaliseInstant(text: string, rounding: 'down' | 'up' = 'down'): Instant | undefined {
  // As many digits of a second as RFC 3339 allows (1*DIGIT): a clock giving ten was refused as no instant.
  const form = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:(\d{2})([.,]\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!form) return undefined;
  // A leap second (RFC 3339 §5.7, 23:59:60 UTC at the end of June or December) has no place among
  // milliseconds since the epoch, which Date.parse refuses it for: it reads as the last one of its day.
  const leap = form[2] === '60';
  const value = (leap ? text.replace(/:60([.,]\d+)?(?=Z|[+-])/, ':59.999') : text).replace(',', '.');
  // Date.parse drops the digits after the third; a bound rounding up adds the millisecond they began.
  const belowMs = rounding === 'up' && !leap && /[1-9]/.test((form[3] ?? '').slice(4));
  const ms = Date.parse(value) + (belowMs ? 1 : 0);
  if (Number.isNaN(ms) || (leap && !endsLeapDay(ms))) return undefined;
  const [datePart] = value.split('T');
  const [y, m, d] = datePart.split('-').map(Number);
  // Date.parse rolls 2025-02-30 over to March; a date that does not exist is not an instant.
  // setUTCFullYear, not Date.UTC, which would read the years 0-99 as 1900-1999.
  const probe = new Date(0);
  probe.setUTCFullYear(y, m - 1, d);
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return undefined;
  // Instants compare as text: one whose UTC form leaves years 0000–9999 ("+010000-…", "-000001-…") would not sort.
  if (ms < FIRST_INSTANT_MS || ms > LAST_INSTANT_MS) return undefined;
  return toInstant(ms);
}

/** Whether a moment is the last millisecond of 30 June or 31 December (UTC), where leap seconds are inserted. */
function endsLeapDay(epochMs: number): boolean {
  const at = new Date(epochMs);
  const [month, day] = [at.getUTCMonth(), at.getUTCDate()];
  return at.toISOString().endsWith('T23:59:59.999Z') && ((month === 5 && day === 30) || (month === 11 && day === 31));
}

export function toInstant(epochMs: number): Instant {
  return new Date(epochMs).toISOString();
}

export function epochMs(instant: Instant): number {
  return Date.parse(instant);
}

export function addMs(instant: Instant, ms: number): Instant {
  return toInstant(epochMs(instant) + ms);
}

export const atOrBefore = (a: Instant, b: Instant): boolean => a <= b;
export const laterOf = (a: Instant, b: Instant): Instant => (a >= b ? a : b);
