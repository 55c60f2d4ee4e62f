import type { Pool } from 'pg';
import {
  AttemptFilter,
  attemptOf,
  AttemptRow,
  DeliveryAttempt,
  DeliveryLog,
  progressOf,
  ProgressRow,
  SubscriberProgress,
} from './delivery-log';

/** Taken while the tables are made, so that instances starting together do not race to make them. */
const SCHEMA_LOCK = 0x6c6564676577; // "ledgew"

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS webhook_subscriber_progress (
    subscriber_id   TEXT PRIMARY KEY,
    cursor          TEXT,
    failures        INTEGER NOT NULL,
    status          TEXT NOT NULL,
    next_attempt_at TEXT,
    replay_applied  TEXT
  );
  CREATE TABLE IF NOT EXISTS webhook_delivery_attempts (
    attempt_id        BIGSERIAL PRIMARY KEY,
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
  CREATE INDEX IF NOT EXISTS webhook_attempts_by_subscriber ON webhook_delivery_attempts (subscriber_id, attempt_id);
  CREATE INDEX IF NOT EXISTS webhook_attempts_by_notification ON webhook_delivery_attempts (notification_id, attempt_id);
`;

const SAVE = `
  INSERT INTO webhook_subscriber_progress (subscriber_id, cursor, failures, status, next_attempt_at, replay_applied)
  VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (subscriber_id) DO UPDATE SET cursor = excluded.cursor, failures = excluded.failures,
    status = excluded.status, next_attempt_at = excluded.next_attempt_at, replay_applied = excluded.replay_applied`;

/**
 * The delivery log every instance shares when the key store is PostgreSQL (same server, same schema):
 * whichever instance delivers next starts from where the last one got to, and auditors read every
 * attempt through any instance.
 */
export class PgDeliveryLog implements DeliveryLog {
  private readonly pool: Pool;
  private made?: Promise<void>;

  constructor(connectionString: string) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured: the embedded ledger never needs it
    const { Pool: PgPool } = require('pg') as typeof import('pg');
    this.pool = new PgPool({
      connectionString,
      max: 4,
      connectionTimeoutMillis: 3000,
      keepAlive: true,
      application_name: 'consent-ledger-webhooks',
      // An attempt is recorded durably before the position moves past it, whatever the server's default.
      onConnect: async (client) => {
        await client.query('SET synchronous_commit TO on');
      },
    });
    this.pool.on('error', () => undefined);
  }

  async progress(subscriberId: string): Promise<SubscriberProgress | undefined> {
    const [row] = await this.query<ProgressRow>('SELECT * FROM webhook_subscriber_progress WHERE subscriber_id = $1', [
      subscriberId,
    ]);
    return row && progressOf(row);
  }

  async save(progress: SubscriberProgress): Promise<void> {
    await this.query(SAVE, progressValues(progress));
  }

  async attemptsOf(subscriberId: string, notificationId: string): Promise<number> {
    const [row] = await this.query<{ n: string }>(
      'SELECT count(*) AS n FROM webhook_delivery_attempts WHERE subscriber_id = $1 AND notification_id = $2',
      [subscriberId, notificationId],
    );
    return Number(row?.n ?? 0);
  }

  async record(attempt: Omit<DeliveryAttempt, 'attemptId'>, progress: SubscriberProgress): Promise<void> {
    await this.tables();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO webhook_delivery_attempts (subscriber_id, notification_id, notification_type, position,
           subject_id, attempt, at, duration_ms, outcome, status_code, error, retry_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
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
        ],
      );
      await client.query(SAVE, progressValues(progress));
      await client.query('COMMIT');
      client.release();
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(true);
      throw error;
    }
  }

  async attempts(filter: AttemptFilter): Promise<DeliveryAttempt[]> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const where = (column: string, value: unknown) => {
      values.push(value);
      conditions.push(`${column} $${values.length}`);
    };
    if (filter.subscriberId) where('subscriber_id =', filter.subscriberId);
    if (filter.notificationId) where('notification_id =', filter.notificationId);
    if (filter.outcome) where('outcome =', filter.outcome);
    if (filter.afterId !== undefined) where('attempt_id >', filter.afterId);
    values.push(filter.limit);
    const rows = await this.query<AttemptRow>(
      `SELECT * FROM webhook_delivery_attempts ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY attempt_id LIMIT $${values.length}`,
      values,
    );
    return rows.map(attemptOf);
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  private async query<R extends object>(sql: string, values: unknown[]): Promise<R[]> {
    await this.tables();
    return (await this.pool.query<R>(sql, values)).rows;
  }

  /** Made once the server first answers; a failure is tried again on the next call. */
  private tables(): Promise<void> {
    this.made ??= (async () => {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
        await client.query(SCHEMA);
        await client.query('COMMIT');
        client.release();
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release(true);
        throw error;
      }
    })().catch((error: unknown) => {
      this.made = undefined;
      throw error;
    });
    return this.made;
  }
}

function progressValues(progress: SubscriberProgress): unknown[] {
  return [
    progress.subscriberId,
    progress.cursor ?? null,
    progress.failures,
    progress.status,
    progress.nextAttemptAt ?? null,
    progress.replayApplied ?? null,
  ];
}
