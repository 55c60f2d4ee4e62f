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

/** Normalises any ISO-8601 date-time with an offset to the ledger's form; undefined when invalid. */
export function normaliseInstant(value: string): Instant | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  const [datePart] = value.split('T');
  const [y, m, d] = datePart.split('-').map(Number);
  // Date.parse rolls 2025-02-30 over to March; a date that does not exist is not an instant.
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return undefined;
  return toInstant(ms);
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
export const before = (a: Instant, b: Instant): boolean => a < b;
export const laterOf = (a: Instant, b: Instant): Instant => (a >= b ? a : b);
