import Database from 'better-sqlite3';
import { idOf, SUBJECT } from '@ledger/ledger-log';
import { inStreamsOf, LedgerEvent, Projection, QueryIndex } from './projection';
import { ReadModelTables, whereClause } from './statements';

export interface DisclosureEntry {
  readonly eventId: string;
  readonly subjectId: string;
  readonly disclosureId: string;
  readonly outcome: 'recorded' | 'refused';
  readonly recipient: string;
  readonly purpose: string;
  readonly dataCategories: readonly string[];
  readonly crossBorder: boolean;
  readonly basis?: unknown;
  readonly reasons?: unknown;
  readonly requestedLegalBasis?: string;
  readonly subjectToBeNotified: boolean;
  /** The lending core's reference, sealed with the person's key (opened for those who may read it). */
  readonly reference?: unknown;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly position: string;
  /** When the person was told of it (Art. 19), if they were. */
  readonly notifiedAt?: string;
  /** When the person was erased, if they were: no notice can follow (it closes the Art. 19 deadline). */
  readonly erasedAt?: string;
}

export interface DisclosureFilter {
  readonly recipient?: string;
  readonly subjectId?: string;
  readonly outcome?: 'recorded' | 'refused';
  /** Inclusive lower bound on when the disclosure happened. */
  readonly from?: string;
  /** Exclusive upper bound on when it happened. */
  readonly to?: string;
  /** Only what the ledger had recorded by then. */
  readonly knownAt?: string;
  /** Only disclosures the person asked to be told of. */
  readonly toBeNotified?: boolean;
  /** Continue after this entry (the `next` cursor of the previous page). */
  readonly after?: { occurredAt: string; eventId: string };
  readonly limit: number;
}

interface Row {
  event_id: string;
  subject_id: string;
  disclosure_id: string;
  outcome: 'recorded' | 'refused';
  recipient: string;
  purpose: string;
  data_categories: string;
  cross_border: number;
  basis: string | null;
  reasons: string | null;
  requested_legal_basis: string | null;
  subject_to_be_notified: number;
  reference: string | null;
  occurred_at: string;
  recorded_at: string;
  position: string;
  notified_at: string | null;
  erased_at: string | null;
}

/** Every disclosure and every refused attempt, by recipient and by when it happened. */
export class DisclosuresProjection extends ReadModelTables implements Projection {
  readonly name = 'disclosures';
  readonly version = 6;

  /** (By subject is not among them: a notice and an erasure update a person's rows through it.) */
  readonly queryIndexes: readonly QueryIndex[] = [
    {
      name: 'disclosures_by_recipient',
      sql: 'CREATE INDEX IF NOT EXISTS disclosures_by_recipient ON disclosures (recipient, occurred_at, event_id)',
    },
    {
      name: 'disclosures_by_time',
      sql: 'CREATE INDEX IF NOT EXISTS disclosures_by_time ON disclosures (occurred_at, event_id)',
    },
  ];

  setUp(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS disclosures (
        event_id              TEXT PRIMARY KEY,
        subject_id            TEXT NOT NULL,
        disclosure_id         TEXT NOT NULL,
        outcome               TEXT NOT NULL,
        recipient             TEXT NOT NULL,
        purpose               TEXT NOT NULL,
        data_categories       TEXT NOT NULL,
        cross_border          INTEGER NOT NULL,
        basis                 TEXT,
        reasons               TEXT,
        requested_legal_basis TEXT,
        subject_to_be_notified INTEGER NOT NULL,
        reference             TEXT,
        occurred_at           TEXT NOT NULL,
        recorded_at           TEXT NOT NULL,
        position              TEXT NOT NULL,
        notified_at           TEXT,
        erased_at             TEXT
      );
      CREATE INDEX IF NOT EXISTS disclosures_by_subject ON disclosures (subject_id, occurred_at);
    `);
    for (const index of this.queryIndexes) this.db.exec(index.sql);
  }

  tearDown(): void {
    this.db.exec('DROP TABLE IF EXISTS disclosures;');
  }

  apply(event: LedgerEvent): void {
    if (!inStreamsOf(event, SUBJECT)) return;
    if (event.type === 'SubjectNotified') {
      const { disclosureId } = event.data;
      // The earliest notice known counts (Art. 19): a later record leaves it, an earlier one moves it.
      const at = event.occurredAt;
      this.sql(
        `UPDATE disclosures SET notified_at = ? WHERE subject_id = ? AND disclosure_id = ?
           AND (notified_at IS NULL OR notified_at > ?)`,
      ).run(at, idOf(event.stream), disclosureId, at);
      return;
    }
    if (event.type === 'SubjectErased') {
      // Nothing more is recorded about an erased person, so no notice of a disclosure can come (Art. 18).
      this.sql(`UPDATE disclosures SET erased_at = ? WHERE subject_id = ? AND erased_at IS NULL`).run(
        event.occurredAt,
        idOf(event.stream),
      );
      return;
    }
    if (event.type !== 'DisclosureRecorded' && event.type !== 'DisclosureRefused') return;
    const data = event.data;
    const meta = event.meta;
    this.sql(
      `INSERT OR IGNORE INTO disclosures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
    ).run(
      event.id,
      idOf(event.stream),
      data.disclosureId,
      event.type === 'DisclosureRecorded' ? 'recorded' : 'refused',
      data.recipient,
      data.purpose,
      JSON.stringify(data.dataCategories),
      data.crossBorder ? 1 : 0,
      'basis' in data ? JSON.stringify(data.basis) : null,
      'reasons' in data ? JSON.stringify(data.reasons) : null,
      data.requestedLegalBasis ?? null,
      'subjectToBeNotified' in data && data.subjectToBeNotified ? 1 : 0,
      data.reference === undefined ? null : JSON.stringify(data.reference),
      meta.occurredAt,
      meta.recordedAt,
      event.position,
    );
  }
}

export class DisclosuresQueries {
  constructor(private readonly db: Database.Database) {}

  list(filter: DisclosureFilter): DisclosureEntry[] {
    const where = whereClause([
      ['recipient = ?', filter.recipient],
      ['subject_id = ?', filter.subjectId],
      ['outcome = ?', filter.outcome],
      ['occurred_at >= ?', filter.from],
      ['occurred_at < ?', filter.to],
      ['recorded_at <= ?', filter.knownAt],
      ['subject_to_be_notified = 1', filter.toBeNotified],
      ['(occurred_at, event_id) > (?, ?)', filter.after ? [filter.after.occurredAt, filter.after.eventId] : undefined],
    ]);
    return this.db
      .prepare<unknown[], Row>(`SELECT * FROM disclosures ${where.sql} ORDER BY occurred_at, event_id LIMIT ?`)
      .all(...where.params, filter.limit)
      .map((row) => ({
        eventId: row.event_id,
        subjectId: row.subject_id,
        disclosureId: row.disclosure_id,
        outcome: row.outcome,
        recipient: row.recipient,
        purpose: row.purpose,
        dataCategories: JSON.parse(row.data_categories),
        crossBorder: row.cross_border === 1,
        ...(row.basis ? { basis: JSON.parse(row.basis) } : {}),
        ...(row.reasons ? { reasons: JSON.parse(row.reasons) } : {}),
        ...(row.requested_legal_basis ? { requestedLegalBasis: row.requested_legal_basis } : {}),
        subjectToBeNotified: row.subject_to_be_notified === 1,
        ...(row.reference ? { reference: JSON.parse(row.reference) } : {}),
        occurredAt: row.occurred_at,
        recordedAt: row.recorded_at,
        position: row.position,
        ...(row.notified_at ? { notifiedAt: row.notified_at } : {}),
        ...(row.erased_at ? { erasedAt: row.erased_at } : {}),
      }));
  }
}
