import { isInstant } from '@ledger/consent-domain';
import { ProblemException } from '../http/problems';
import { LEDGER_UUID_PATTERN } from '../http/validation';

/** Where a page ended, in the order every report reads its source: when it happened, then event id. */
export interface ReportCursor {
  readonly occurredAt: string;
  readonly eventId: string;
}

/** How many source rows are read at a time while a page is being filled. */
const BATCH = 1000;

/**
 * A cursor names the list it was issued for: every list reads in the same order (when, then event
 * id), so a cursor of the access log handed to the disclosures log was read as a place in it, and
 * answered a page that silently skipped rows. Now it is refused, as a cursor the ledger never issued.
 */
export const encodeCursor = (at: ReportCursor, list: string): string =>
  Buffer.from(`${list}|${at.occurredAt}|${at.eventId}`).toString('base64url');

export function decodeCursor(cursor: string, list: string): ReportCursor {
  const [issuedFor, occurredAt, eventId, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  // Exactly what encodeCursor writes: a cursor cut short, padded or edited (an event id that is not the
  // UUID every event has, any text at all) was read as a place in the list, and a logged read keeps it.
  if (
    issuedFor !== list ||
    !isInstant(occurredAt) ||
    !LEDGER_UUID_PATTERN.test(eventId ?? '') ||
    rest.length > 0 ||
    encodeCursor({ occurredAt, eventId }, list) !== cursor
  ) {
    throw new ProblemException('invalid-request', `cursor is not one this ledger issued for ${list}`, {}, [
      { field: 'cursor', code: 'invalid-cursor', message: 'use the next value of the previous page' },
    ]);
  }
  return { occurredAt, eventId };
}

/** A list read one entry past `limit`: the page, and where the next begins when that entry exists. */
export function cutPage<E>(entries: readonly E[], limit: number, list: string, keyOf: (entry: E) => ReportCursor) {
  const page = entries.slice(0, limit);
  return { page, next: entries.length > limit ? encodeCursor(keyOf(page[page.length - 1]), list) : undefined };
}

/**
 * One page of a report: reads the source in its own order from after `cursor`, in batches, turns
 * each source row into a report row or drops it (`keep` returns undefined), and stops once the page
 * is full and one more row is known to exist. `next` is then the key of the page's last row, so the
 * next page neither repeats nor skips a row, however many source rows the filter drops.
 */
export function pageOf<S extends ReportCursor, R>(
  read: (after: ReportCursor | undefined, limit: number) => readonly S[],
  keep: (row: S) => R | undefined,
  limit: number,
  cursor: ReportCursor | undefined,
  batch = BATCH,
): { rows: R[]; next?: ReportCursor } {
  const rows: R[] = [];
  let lastKept: ReportCursor | undefined;
  let after = cursor;
  for (;;) {
    const sources = read(after, batch);
    for (const source of sources) {
      const row = keep(source);
      if (row === undefined) continue;
      if (rows.length === limit) return { rows, next: lastKept };
      rows.push(row);
      lastKept = { occurredAt: source.occurredAt, eventId: source.eventId };
    }
    if (sources.length < batch) return { rows };
    const last = sources[sources.length - 1];
    after = { occurredAt: last.occurredAt, eventId: last.eventId };
  }
}
