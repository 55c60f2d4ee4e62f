import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where one subscriber stands: the position delivered up to, and its run of failures. */
export interface SubscriberProgress {
  readonly subscriberId: string;
  /** Everything up to here was delivered (or was not for this subscriber); undefined: from the start. */
  readonly cursor?: string;
  readonly failures: number;
  readonly status: 'active' | 'retrying' | 'failing';
  readonly nextAttemptAt?: string;
  /** The replay request last carried out. */
  readonly replayApplied?: string;
}

/** One try at delivering one notification, as auditors read it. */
export interface DeliveryAttempt {
  readonly attemptId: number;
  readonly subscriberId: string;
  readonly notificationId: string;
  readonly notificationType: string;
  readonly position: string;
  readonly subjectId?: string;
  /** The how-many-th try of this notification for this subscriber. */
  readonly attempt: number;
  readonly at: string;
  readonly durationMs: number;
  readonly outcome: 'delivered' | 'failed';
  readonly statusCode?: number;
  readonly error?: string;
  /** After a failure: when it will be tried again. */
  readonly retryAt?: string;
}

export interface ProgressRow {
  subscriber_id: string;
  cursor: string | null;
  failures: number;
  status: SubscriberProgress['status'];
  next_attempt_at: string | null;
  replay_applied: string | null;
}

export interface AttemptRow {
  attempt_id: number;
  subscriber_id: string;
  notification_id: string;
  notification_type: string;
  position: string;
  subject_id: string | null;
  attempt: number;
  at: string;
  duration_ms: number;
  outcome: 'delivered' | 'failed';
  status_code: number | null;
  error: string | null;
  retry_at: string | null;
}

export interface AttemptFilter {
  readonly subscriberId?: string;
  readonly notificationId?: string;
  readonly outcome?: 'delivered' | 'failed';
  readonly afterId?: number;
  readonly limit: number;
}

/**
 * The delivery side of webhooks, apart from the log: each subscriber's position and every attempt.
 * An attempt and the progress it causes are written in one transaction, so after a crash the
 * subscriber resumes from the last position it is known to have received (at least once).
 */
export interface DeliveryLog {
  progress(subscriberId: string): Promise<SubscriberProgress | undefined>;
  save(progress: SubscriberProgress): Promise<void>;
  /** How many tries this notification has had with this subscriber. */
  attemptsOf(subscriberId: string, notificationId: string): Promise<number>;
  /** Records the attempt and the progress it leads to, together. */
  record(attempt: Omit<DeliveryAttempt, 'attemptId'>, progress: SubscriberProgress): Promise<void>;
  attempts(filter: AttemptFilter): Promise<DeliveryAttempt[]>;
  close(): Promise<void>;
}

/** The delivery log of one process, in a file beside its read models (the embedded default). */
export class SqliteDeliveryLog implements DeliveryLog {
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(deliveryLogSchema('', 'INTEGER PRIMARY KEY AUTOINCREMENT'));
  }

  async progress(subscriberId: string): Promise<SubscriberProgress | undefined> {
    const row = this.db
      .prepare<[string], ProgressRow>('SELECT * FROM subscriber_progress WHERE subscriber_id = ?')
      .get(subscriberId);
    return row && progressOf(row);
  }

  async save(progress: SubscriberProgress): Promise<void> {
    this.saveNow(progress);
  }

  private saveNow(progress: SubscriberProgress): void {
    this.db.prepare(saveProgressSql('', ANONYMOUS)).run(...progressValues(progress));
  }

  async attemptsOf(subscriberId: string, notificationId: string): Promise<number> {
    return (
      this.db
        .prepare<[string, string], { n: number }>(
          'SELECT COUNT(*) AS n FROM delivery_attempts WHERE subscriber_id = ? AND notification_id = ?',
        )
        .get(subscriberId, notificationId)?.n ?? 0
    );
  }

  async record(attempt: Omit<DeliveryAttempt, 'attemptId'>, progress: SubscriberProgress): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare(insertAttemptSql('', ANONYMOUS)).run(...attemptValues(attempt));
      this.saveNow(progress);
    })();
  }

  async attempts(filter: AttemptFilter): Promise<DeliveryAttempt[]> {
    const { sql, values } = attemptsSql('', filter, ANONYMOUS);
    return this.db
      .prepare<unknown[], AttemptRow>(sql)
      .all(...values)
      .map(attemptOf);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

export function progressOf(row: ProgressRow): SubscriberProgress {
  return {
    subscriberId: row.subscriber_id,
    ...(row.cursor ? { cursor: row.cursor } : {}),
    failures: row.failures,
    status: row.status,
    ...(row.next_attempt_at ? { nextAttemptAt: row.next_attempt_at } : {}),
    ...(row.replay_applied ? { replayApplied: row.replay_applied } : {}),
  };
}

export function attemptOf(r: AttemptRow): DeliveryAttempt {
  return {
    attemptId: Number(r.attempt_id),
    subscriberId: r.subscriber_id,
    notificationId: r.notification_id,
    notificationType: r.notification_type,
    position: r.position,
    ...(r.subject_id ? { subjectId: r.subject_id } : {}),
    attempt: r.attempt,
    at: r.at,
    durationMs: r.duration_ms,
    outcome: r.outcome,
    ...(r.status_code !== null ? { statusCode: r.status_code } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.retry_at ? { retryAt: r.retry_at } : {}),
  };
}

/** How a store marks the n-th value of a statement (1-based): SQLite's `?`, PostgreSQL's `$n`. */
export type Placeholder = (n: number) => string;
const ANONYMOUS: Placeholder = () => '?';

/**
 * The delivery log's tables, the same in both stores but for a prefix on their names (PostgreSQL's
 * are shared with other tables) and the type of the attempt's key.
 */
export function deliveryLogSchema(prefix: string, attemptKey: string): string {
  return `
    CREATE TABLE IF NOT EXISTS ${prefix}subscriber_progress (
      subscriber_id   TEXT PRIMARY KEY,
      cursor          TEXT,
      failures        INTEGER NOT NULL,
      status          TEXT NOT NULL,
      next_attempt_at TEXT,
      replay_applied  TEXT
    );
    CREATE TABLE IF NOT EXISTS ${prefix}delivery_attempts (
      attempt_id        ${attemptKey},
      subscriber_id     TEXT NOT NULL,
      notification_id   TEXT NOT NULL,
      notification_type TEXT NOT NULL,
      position          TEXT NOT NULL,
      subject_id        TEXT,
      attempt           INTEGER NOT NULL,
      at                TEXT NOT NULL,
      duration_ms       INTEGER NOT NULL,
      outcome           TEXT NOT NULL,
      status_code       INTEGER,
      error             TEXT,
      retry_at          TEXT
    );
    CREATE INDEX IF NOT EXISTS ${prefix}attempts_by_subscriber ON ${prefix}delivery_attempts (subscriber_id, attempt_id);
    CREATE INDEX IF NOT EXISTS ${prefix}attempts_by_notification ON ${prefix}delivery_attempts (notification_id, attempt_id);
  `;
}

const list = (count: number, mark: Placeholder) => Array.from({ length: count }, (_, i) => mark(i + 1)).join(', ');

/** Saves a subscriber's progress over what was there, from progressValues. */
export function saveProgressSql(prefix: string, mark: Placeholder): string {
  return `
    INSERT INTO ${prefix}subscriber_progress (subscriber_id, cursor, failures, status, next_attempt_at, replay_applied)
    VALUES (${list(6, mark)})
    ON CONFLICT (subscriber_id) DO UPDATE SET cursor = excluded.cursor, failures = excluded.failures,
      status = excluded.status, next_attempt_at = excluded.next_attempt_at, replay_applied = excluded.replay_applied`;
}

export function progressValues(progress: SubscriberProgress): unknown[] {
  return [
    progress.subscriberId,
    progress.cursor ?? null,
    progress.failures,
    progress.status,
    progress.nextAttemptAt ?? null,
    progress.replayApplied ?? null,
  ];
}

/** Records an attempt (its key is the store's to give), from attemptValues. */
export function insertAttemptSql(prefix: string, mark: Placeholder): string {
  return `
    INSERT INTO ${prefix}delivery_attempts (subscriber_id, notification_id, notification_type, position, subject_id,
      attempt, at, duration_ms, outcome, status_code, error, retry_at)
    VALUES (${list(12, mark)})`;
}

export function attemptValues(attempt: Omit<DeliveryAttempt, 'attemptId'>): unknown[] {
  return [
    attempt.subscriberId,
    attempt.notificationId,
    attempt.notificationType,
    attempt.position,
    attempt.subjectId ?? null,
    attempt.attempt,
    attempt.at,
    attempt.durationMs,
    attempt.outcome,
    attempt.statusCode ?? null,
    attempt.error ?? null,
    attempt.retryAt ?? null,
  ];
}

/** The attempts a filter asks for, oldest first, at most its limit. */
export function attemptsSql(
  prefix: string,
  filter: AttemptFilter,
  mark: Placeholder,
): { readonly sql: string; readonly values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const where = (condition: string, value: unknown) => {
    values.push(value);
    conditions.push(`${condition} ${mark(values.length)}`);
  };
  if (filter.subscriberId) where('subscriber_id =', filter.subscriberId);
  if (filter.notificationId) where('notification_id =', filter.notificationId);
  if (filter.outcome) where('outcome =', filter.outcome);
  if (filter.afterId !== undefined) where('attempt_id >', filter.afterId);
  values.push(filter.limit);
  const matching = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  return {
    sql: `SELECT * FROM ${prefix}delivery_attempts ${matching} ORDER BY attempt_id LIMIT ${mark(values.length)}`,
    values,
  };
}
