import Database from 'better-sqlite3';
import { ACCESS, Accessor, BULK, idOf } from '@ledger/ledger-log';
import { isWithheld } from '@ledger/personal-data';
import { inStreamsOf, LedgerEvent, Projection, QueryIndex } from './projection';
import { ReadModelTables, whereClause } from './statements';

export interface AccessEntry {
  readonly eventId: string;
  /** A look at data, a look for someone the ledger does not know, or a principal reported for guessing. */
  readonly kind: 'look' | 'miss' | 'guessing-reported';
  /** The person looked at, or undefined for a read across many people. */
  readonly subjectId?: string;
  readonly accessor: { readonly sub: string; readonly role: string };
  readonly view: string;
  readonly parameters: Record<string, unknown>;
  /** Sealed with the person's key (or the bulk key); opened by whoever may read it. */
  readonly reason?: unknown;
  readonly reasonWithheld?: boolean;
  readonly records?: number;
  readonly at: string;
}

interface Row {
  event_id: string;
  kind: 'look' | 'miss' | 'guessing-reported';
  subject_id: string | null;
  accessor_sub: string;
  accessor_role: string;
  view: string;
  parameters: string;
  reason: string | null;
  reason_withheld: number;
  records: number | null;
  at: string;
}

/** Every recorded look at personal data, for auditors and for the person's own access report. */
export class AccessProjection extends ReadModelTables implements Projection {
  readonly name = 'access';
  /** 3: no index of event ids (nothing looks a look up by its id; a random key cost every check a page write). */
  readonly version = 3;

  readonly queryIndexes: readonly QueryIndex[] = [
    { name: 'access_by_subject', sql: 'CREATE INDEX IF NOT EXISTS access_by_subject ON access_log (subject_id, at)' },
    { name: 'access_by_time', sql: 'CREATE INDEX IF NOT EXISTS access_by_time ON access_log (at, event_id)' },
  ];

  setUp(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS access_log (
        event_id        TEXT NOT NULL,
        kind            TEXT NOT NULL,
        subject_id      TEXT,
        accessor_sub    TEXT NOT NULL,
        accessor_role   TEXT NOT NULL,
        view            TEXT NOT NULL,
        parameters      TEXT NOT NULL,
        reason          TEXT,
        reason_withheld INTEGER NOT NULL,
        records         INTEGER,
        at              TEXT NOT NULL
      );
    `);
    for (const index of this.queryIndexes) this.db.exec(index.sql);
  }

  tearDown(): void {
    this.db.exec('DROP TABLE IF EXISTS access_log;');
  }

  apply(event: LedgerEvent): void {
    if (!inStreamsOf(event, ACCESS)) return;
    // Each event once: the runner moves the checkpoint in the same transaction as these rows.
    const insert = this.sql('INSERT INTO access_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const owner = idOf(event.stream);
    if (event.type === 'PersonalDataAccessed') {
      const data = event.data;
      insert.run(
        event.id,
        'look',
        owner === BULK ? null : owner,
        data.accessor.sub,
        data.accessor.role,
        data.view,
        JSON.stringify(data.parameters),
        data.reason === undefined ? null : JSON.stringify(data.reason),
        isWithheld(data.reason) ? 1 : 0,
        data.records ?? null,
        event.recordedAt,
      );
    } else if (event.type === 'LookupMissed' || event.type === 'LookupMissesExceeded') {
      // Either one, read through what they share: a miss has its view, a report its count.
      const data: { readonly accessor: Accessor; readonly view?: string; readonly misses?: number } = event.data;
      insert.run(
        event.id,
        event.type === 'LookupMissed' ? 'miss' : 'guessing-reported',
        null,
        data.accessor.sub,
        data.accessor.role,
        data.view ?? 'lookups',
        JSON.stringify(event.type === 'LookupMissed' ? {} : { misses: data.misses }),
        null,
        0,
        data.misses ?? null,
        event.recordedAt,
      );
    }
  }
}

export class AccessQueries {
  constructor(private readonly db: Database.Database) {}

  list(filter: {
    subjectId?: string;
    bulkOnly?: boolean;
    accessor?: string;
    from?: string;
    to?: string;
    /** Continue after this entry, in the log's order (when, then event id). */
    after?: { at: string; eventId: string };
    limit: number;
  }): AccessEntry[] {
    const where = whereClause([
      ['subject_id = ?', filter.subjectId],
      ["subject_id IS NULL AND kind = 'look'", filter.bulkOnly],
      ['accessor_sub = ?', filter.accessor],
      ['at >= ?', filter.from],
      ['at < ?', filter.to],
      ['(at, event_id) > (?, ?)', filter.after ? [filter.after.at, filter.after.eventId] : undefined],
    ]);
    return this.db
      .prepare<unknown[], Row>(`SELECT * FROM access_log ${where.sql} ORDER BY at, event_id LIMIT ?`)
      .all(...where.params, filter.limit)
      .map((r) => ({
        eventId: r.event_id,
        kind: r.kind,
        ...(r.subject_id ? { subjectId: r.subject_id } : {}),
        accessor: { sub: r.accessor_sub, role: r.accessor_role },
        view: r.view,
        parameters: JSON.parse(r.parameters),
        ...(r.reason ? { reason: JSON.parse(r.reason) } : {}),
        ...(r.reason_withheld ? { reasonWithheld: true } : {}),
        ...(r.records !== null ? { records: r.records } : {}),
        at: r.at,
      }));
  }
}
