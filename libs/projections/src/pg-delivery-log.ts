import type { Pool, PoolClient } from 'pg';
import {
  AttemptFilter,
  attemptOf,
  AttemptRow,
  attemptsSql,
  attemptValues,
  DeliveryAttempt,
  DeliveryLog,
  deliveryLogSchema,
  insertAttemptSql,
  Placeholder,
  progressOf,
  ProgressRow,
  progressValues,
  saveProgressSql,
  SubscriberProgress,
} from './delivery-log';

/** Taken while the tables are made, so that instances starting together do not race to make them. */
const SCHEMA_LOCK = 0x6c6564676577; // "ledgew"

/** PostgreSQL's tables are named for webhooks: they share a schema with the key store's. */
const PREFIX = 'webhook_';
const NUMBERED: Placeholder = (n) => `$${n}`;
const SAVE = saveProgressSql(PREFIX, NUMBERED);

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
      // A server that hangs holds no delivery forever: the attempt fails and is tried again.
      query_timeout: 5000,
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
    const [row] = await this.query<ProgressRow>(`SELECT * FROM ${PREFIX}subscriber_progress WHERE subscriber_id = $1`, [
      subscriberId,
    ]);
    return row && progressOf(row);
  }

  async save(progress: SubscriberProgress): Promise<void> {
    await this.query(SAVE, progressValues(progress));
  }

  async attemptsOf(subscriberId: string, notificationId: string): Promise<number> {
    const [row] = await this.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${PREFIX}delivery_attempts WHERE subscriber_id = $1 AND notification_id = $2`,
      [subscriberId, notificationId],
    );
    return Number(row?.n ?? 0);
  }

  async record(attempt: Omit<DeliveryAttempt, 'attemptId'>, progress: SubscriberProgress): Promise<void> {
    await this.tables();
    await this.transaction(async (client) => {
      await client.query(insertAttemptSql(PREFIX, NUMBERED), attemptValues(attempt));
      await client.query(SAVE, progressValues(progress));
    });
  }

  async attempts(filter: AttemptFilter): Promise<DeliveryAttempt[]> {
    const { sql, values } = attemptsSql(PREFIX, filter, NUMBERED);
    const rows = await this.query<AttemptRow>(sql, values);
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
    this.made ??= this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await client.query(deliveryLogSchema(PREFIX, 'BIGSERIAL PRIMARY KEY'));
    }).catch((error: unknown) => {
      this.made = undefined;
      throw error;
    });
    return this.made;
  }

  /** All of `work` or none of it; a connection that failed mid-way is not given back to the pool. */
  private async transaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
      client.release();
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(true);
      throw error;
    }
  }
}
