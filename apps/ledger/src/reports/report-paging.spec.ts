import { decodeCursor, encodeCursor, pageOf, ReportCursor } from './report-paging';

/** 23 source rows, several at the same instant, in the source's order (when, then event id). */
const SOURCE: ReportCursor[] = Array.from({ length: 23 }, (_, i) => ({
  occurredAt: `2026-11-12T0${Math.floor(i / 4)}:00:00.000Z`,
  eventId: `e${String(i).padStart(2, '0')}`,
}));
const after = (a: ReportCursor, b: ReportCursor) =>
  a.occurredAt > b.occurredAt || (a.occurredAt === b.occurredAt && a.eventId > b.eventId);

/** Reads like the projections' keyset queries: rows after the cursor, in order, at most `limit`. */
function read(cursor: ReportCursor | undefined, limit: number): ReportCursor[] {
  return SOURCE.filter((row) => !cursor || after(row, cursor)).slice(0, limit);
}

function allPages(keep: (row: ReportCursor) => string | undefined, limit: number, batch: number) {
  const pages: string[][] = [];
  let cursor: ReportCursor | undefined;
  do {
    const page = pageOf(read, keep, limit, cursor, batch);
    pages.push(page.rows);
    cursor = page.next;
    // A page with a next cursor is full: the next page is never empty.
    if (cursor) expect(page.rows).toHaveLength(limit);
  } while (cursor && pages.length < 100);
  return pages;
}

describe('pageOf', () => {
  const filters: Record<string, (row: ReportCursor) => string | undefined> = {
    'every row': (row) => row.eventId,
    'every third row': (row) => (Number(row.eventId.slice(1)) % 3 === 0 ? row.eventId : undefined),
    'only the last rows': (row) => (Number(row.eventId.slice(1)) >= 20 ? row.eventId : undefined),
    'no row': () => undefined,
  };

  it.each(Object.keys(filters))('returns %s across pages once each, whatever the page and batch sizes', (name) => {
    const keep = filters[name];
    const expected = SOURCE.map(keep).filter((id): id is string => id !== undefined);
    for (const limit of [1, 2, 3, 5, 8, 30]) {
      for (const batch of [1, 2, 4, 7, 1000]) {
        const pages = allPages(keep, limit, batch);
        expect({ limit, batch, rows: pages.flat() }).toEqual({ limit, batch, rows: expected });
        expect(pages.length).toBe(Math.max(1, Math.ceil(expected.length / limit)));
      }
    }
  });

  it('encodes a cursor it can read back, and refuses one it did not issue', () => {
    const at = { occurredAt: '2026-11-12T04:00:00.000Z', eventId: '4832bc3b-9c34-511a-a56a-705acc2c43dc' };
    const own = encodeCursor(at, 'disclosures');
    expect(decodeCursor(own, 'disclosures')).toEqual(at);
    const forged = (text: string) => Buffer.from(text).toString('base64url');
    for (const bad of [
      'xxxxxxxxxxxx',
      forged('2026-11-12|e1'),
      '',
      // Cut short, padded, or an event id that is no event's UUID.
      own.slice(0, -2),
      `${own}==`,
      forged(`disclosures|${at.occurredAt}|e17`),
      forged(`disclosures|${at.occurredAt}|${at.eventId.toUpperCase()}`),
      forged(`disclosures|2026-11-12T09:00:00+05:00|${at.eventId}`),
    ]) {
      expect(() => decodeCursor(bad, 'disclosures')).toThrow('cursor is not one this ledger issued');
    }
  });

  it('refuses a cursor issued for another list, which would read as a place in this one', () => {
    const at = { occurredAt: '2026-11-12T04:00:00.000Z', eventId: '4832bc3b-9c34-511a-a56a-705acc2c43dc' };
    expect(() => decodeCursor(encodeCursor(at, 'access-log'), 'disclosures')).toThrow(
      'cursor is not one this ledger issued for disclosures',
    );
    // The cursors of before, which named no list, were of every list at once.
    expect(() =>
      decodeCursor(Buffer.from(`${at.occurredAt}|${at.eventId}`).toString('base64url'), 'disclosures'),
    ).toThrow();
  });
});
