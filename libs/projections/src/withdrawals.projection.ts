import Database from 'better-sqlite3';
import { scopeTaken } from '@ledger/consent-domain';
import { idOf, SUBJECT } from '@ledger/ledger-log';
import { inStreamsOf, LedgerEvent, Projection, QueryIndex } from './projection';
import { ReadModelTables, whereClause } from './statements';

export interface WithdrawalEntry {
  readonly eventId: string;
  readonly subjectId: string;
  readonly withdrawalId: string;
  readonly outcome: 'withdrawn' | 'refused';
  readonly consentId?: string;
  readonly scope: unknown;
  /**
   * A withdrawal refused in part for a purpose a law requires is recorded twice (the rest, and that
   * purpose's transfers to third parties): one obligation to stop (Art. 8(7)), so one entry, this its second scope.
   */
  readonly transfersWithdrawn?: unknown;
  readonly reason?: unknown;
  readonly openLoans?: readonly string[];
  readonly channel: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** When processing was recorded as stopped (Art. 8(7)), and when the ledger learned it. */
  readonly stoppedAt?: string;
  readonly stopRecordedAt?: string;
  /** The ProcessingStopped event, and the notification it answered. */
  readonly stopEventId?: string;
  readonly stopNotificationId?: string;
  /** What closed the deadline: the lending core's confirmation, or the person's erasure (their data destroyed). */
  readonly stoppedBy?: 'processing-stopped' | 'erasure';
}

interface Row {
  event_id: string;
  subject_id: string;
  withdrawal_id: string;
  outcome: 'withdrawn' | 'refused';
  consent_id: string | null;
  scope: string;
  transfers_scope: string | null;
  reason: string | null;
  open_loans: string | null;
  channel: string;
  occurred_at: string;
  recorded_at: string;
  stopped_at: string | null;
  stop_recorded_at: string | null;
  stop_event_id: string | null;
  stop_notification_id: string | null;
  stopped_by: 'processing-stopped' | 'erasure' | null;
}

/** Withdrawals carried out and refused, with whether processing has been confirmed stopped. */
export class WithdrawalsProjection extends ReadModelTables implements Projection {
  readonly name = 'withdrawals';
  readonly version = 5;

  /** (By id is not among them: a stop and an erasure update a person's rows through it.) */
  readonly queryIndexes: readonly QueryIndex[] = [
    {
      name: 'withdrawals_by_time',
      sql: 'CREATE INDEX IF NOT EXISTS withdrawals_by_time ON withdrawals (outcome, occurred_at, event_id)',
    },
  ];

  setUp(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS withdrawals (
        event_id         TEXT PRIMARY KEY,
        subject_id       TEXT NOT NULL,
        withdrawal_id    TEXT NOT NULL,
        outcome          TEXT NOT NULL,
        consent_id       TEXT,
        scope            TEXT NOT NULL,
        transfers_scope  TEXT,
        reason           TEXT,
        open_loans       TEXT,
        channel          TEXT NOT NULL,
        occurred_at      TEXT NOT NULL,
        recorded_at      TEXT NOT NULL,
        stopped_at       TEXT,
        stop_recorded_at TEXT,
        stop_event_id    TEXT,
        stop_notification_id TEXT,
        stopped_by       TEXT
      );
      CREATE INDEX IF NOT EXISTS withdrawals_by_id ON withdrawals (subject_id, withdrawal_id);
    `);
    for (const index of this.queryIndexes) this.db.exec(index.sql);
  }

  tearDown(): void {
    this.db.exec('DROP TABLE IF EXISTS withdrawals;');
  }

  apply(event: LedgerEvent): void {
    if (!inStreamsOf(event, SUBJECT)) return;
    const meta = event.meta;
    const subjectId = idOf(event.stream);
    if (event.type === 'ConsentWithdrawn' || event.type === 'WithdrawalRefused') {
      const { type, data } = event;
      const refused = type === 'WithdrawalRefused' ? data : undefined;
      // The second ConsentWithdrawn of one withdrawal (its transfers) joins the first's entry.
      const joined =
        !refused &&
        this.sql(
          `UPDATE withdrawals SET transfers_scope = ?
           WHERE subject_id = ? AND withdrawal_id = ? AND outcome = 'withdrawn' AND event_id <> ?`,
        ).run(JSON.stringify(scopeTaken(data)), subjectId, data.withdrawalId, event.id).changes > 0;
      if (joined) return;
      this.sql(
        `INSERT OR IGNORE INTO withdrawals VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL)`,
      ).run(
        event.id,
        subjectId,
        data.withdrawalId,
        refused ? 'refused' : 'withdrawn',
        data.consentId ?? null,
        // What was taken (a recorded scope may name purposes the person never consented to).
        JSON.stringify(refused ? data.scope : scopeTaken(data)),
        refused ? JSON.stringify(refused.reason) : null,
        refused ? JSON.stringify(refused.openLoans) : null,
        data.channel,
        meta.occurredAt,
        meta.recordedAt,
      );
    } else if (event.type === 'ProcessingStopped') {
      const data = event.data;
      this.sql(
        `UPDATE withdrawals SET stopped_at = ?, stop_recorded_at = ?, stop_event_id = ?, stop_notification_id = ?,
           stopped_by = 'processing-stopped'
         WHERE subject_id = ? AND withdrawal_id = ? AND outcome = 'withdrawn'
           AND (stopped_at IS NULL OR stopped_at > ?)`,
      ).run(
        meta.occurredAt,
        meta.recordedAt,
        event.id,
        data.notificationId ?? null,
        subjectId,
        data.withdrawalId,
        meta.occurredAt,
      );
    } else if (event.type === 'SubjectErased') {
      // Erasure destroys the person's data (Art. 18): no processing is left to stop, and no confirmation
      // could be sent for them any more (their IIN leads nowhere), so it closes every stop still open.
      this.sql(
        `UPDATE withdrawals SET stopped_at = ?, stop_recorded_at = ?, stop_event_id = ?, stop_notification_id = NULL,
           stopped_by = 'erasure'
         WHERE subject_id = ? AND outcome = 'withdrawn' AND (stopped_at IS NULL OR stopped_at > ?)`,
      ).run(meta.occurredAt, meta.recordedAt, event.id, subjectId, meta.occurredAt);
    }
  }
}

export class WithdrawalsQueries {
  constructor(private readonly db: Database.Database) {}

  /** In order of when they happened; `from` inclusive, `to` exclusive. */
  list(filter: {
    outcome?: 'withdrawn' | 'refused';
    from?: string;
    to?: string;
    openOnly?: boolean;
    /** Continue after this entry (keyset paging in the list's own order). */
    after?: { occurredAt: string; eventId: string };
    limit: number;
  }): WithdrawalEntry[] {
    const where = whereClause([
      ['outcome = ?', filter.outcome],
      ['occurred_at >= ?', filter.from],
      ['occurred_at < ?', filter.to],
      ['stopped_at IS NULL', filter.openOnly],
      ['(occurred_at, event_id) > (?, ?)', filter.after ? [filter.after.occurredAt, filter.after.eventId] : undefined],
    ]);
    return this.db
      .prepare<unknown[], Row>(`SELECT * FROM withdrawals ${where.sql} ORDER BY occurred_at, event_id LIMIT ?`)
      .all(...where.params, filter.limit)
      .map((r) => ({
        eventId: r.event_id,
        subjectId: r.subject_id,
        withdrawalId: r.withdrawal_id,
        outcome: r.outcome,
        ...(r.consent_id ? { consentId: r.consent_id } : {}),
        scope: JSON.parse(r.scope),
        ...(r.transfers_scope ? { transfersWithdrawn: JSON.parse(r.transfers_scope) } : {}),
        ...(r.reason ? { reason: JSON.parse(r.reason) } : {}),
        ...(r.open_loans ? { openLoans: JSON.parse(r.open_loans) } : {}),
        channel: r.channel,
        occurredAt: r.occurred_at,
        recordedAt: r.recorded_at,
        ...(r.stopped_at ? { stoppedAt: r.stopped_at, stopRecordedAt: r.stop_recorded_at! } : {}),
        ...(r.stop_event_id ? { stopEventId: r.stop_event_id } : {}),
        ...(r.stop_notification_id ? { stopNotificationId: r.stop_notification_id } : {}),
        ...(r.stopped_by ? { stoppedBy: r.stopped_by } : {}),
      }));
  }
}
