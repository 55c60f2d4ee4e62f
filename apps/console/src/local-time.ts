/** Times on the browser's clock, as the console writes them. */

export const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A datetime-local value (the browser's zone) for an instant, to the millisecond the ledger keeps:
 * to the minute, T′ = 16:17 asked about 16:17:00.000, before a fact recorded at 16:17:42.123, and no
 * moment between could be picked at all.
 */
export function localValue(instant: Date): string {
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}T${pad(instant.getHours())}:${pad(instant.getMinutes())}:${pad(instant.getSeconds())}.${pad(instant.getMilliseconds(), 3)}`;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * The timeline's tick labels, on the browser's clock: the time of day when the whole span is two days
 * or less, the day otherwise; the date (or the year) written out on the first tick and wherever it
 * changes. Written as MM-DD alone, a history of several years read as one, and a day's as six equal labels.
 */
export function tickLabels(ticks: readonly Date[]): string[] {
  const span = ticks.length > 1 ? ticks[ticks.length - 1].getTime() - ticks[0].getTime() : 0;
  const values = ticks.map(localValue);
  return values.map((value, i) => {
    const previous = values[i - 1];
    if (span <= 2 * DAY) {
      const time = value.slice(11, 16);
      return previous?.slice(0, 10) === value.slice(0, 10) ? time : `${value.slice(0, 10)} ${time}`;
    }
    return previous?.slice(0, 4) === value.slice(0, 4) ? value.slice(5, 10) : value.slice(0, 10);
  });
}
