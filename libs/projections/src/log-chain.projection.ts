import Database from 'better-sqlite3';
import { StoredEvent } from '@ledger/event-store';
import { eventHash, GENESIS_HASH, nextLogHash } from '@ledger/ledger-log';
import { Projection } from './projection';
import { statementCache } from './statements';

export interface LogHead {
  /** Events folded so far, in global order. */
  readonly events: number;
  readonly logHash: string;
  readonly lastEventId?: string;
}

/**
 * The hash of the whole log so far (docs/integrity.md), folded event by event in global order from
 * each event's recomputed hash. Signed checkpoints commit to it.
 */
export class LogChainProjection implements Projection {
  readonly name = 'log-chain';
  readonly version = 1;
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(private readonly db: Database.Database) {
    this.sql = statementCache(db);
  }

  setUp(): void {
    this.db.exec(`CREATE TABLE IF NOT EXISTS log_chain (
      id            INTEGER PRIMARY KEY CHECK (id = 1),
      events        INTEGER NOT NULL,
      log_hash      TEXT    NOT NULL,
      last_event_id TEXT
    )`);
  }

  tearDown(): void {
    this.db.exec('DROP TABLE IF EXISTS log_chain;');
  }

  apply(event: StoredEvent): void {
    const head = new LogChainQueries(this.db).head();
    this.sql(
      `INSERT INTO log_chain (id, events, log_hash, last_event_id) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET events = excluded.events, log_hash = excluded.log_hash, last_event_id = excluded.last_event_id`,
    ).run(head.events + 1, nextLogHash(head.logHash, eventHash(event)), event.id);
  }
}

export class LogChainQueries {
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(db: Database.Database) {
    this.sql = statementCache(db);
  }

  head(): LogHead {
    const row = this.sql<[], { events: number; log_hash: string; last_event_id: string | null }>(
      'SELECT events, log_hash, last_event_id FROM log_chain WHERE id = 1',
    ).get();
    return row
      ? { events: row.events, logHash: row.log_hash, ...(row.last_event_id ? { lastEventId: row.last_event_id } : {}) }
      : { events: 0, logHash: GENESIS_HASH };
  }
}
