import Database from 'better-sqlite3';
import { Position } from '@ledger/event-store';
import { GENESIS_HASH, nextLogHash } from '@ledger/ledger-log';
import { LedgerEvent, Projection } from './projection';
import { ReadModelTables } from './statements';

export interface LogHead {
  /** Events folded so far, in global order. */
  readonly events: number;
  readonly logHash: string;
  readonly lastEventId?: string;
  /** Where the last folded event lies in the store. */
  readonly lastPosition?: string;
}

interface Row {
  events: number;
  log_hash: string;
  last_event_id: string | null;
  last_position: string | null;
}

/**
 * The hash of the whole log so far (docs/integrity.md), folded event by event in global order from
 * each event's checked hash. Signed checkpoints commit to it. An event at or before the position
 * already folded is not folded again, whoever delivers it.
 */
export class LogChainProjection extends ReadModelTables implements Projection {
  readonly name = 'log-chain';
  readonly version = 2;
  private head?: LogHead;
  /** Reads the stored head at the start of each batch (its statement prepared once, not per batch). */
  private readonly stored: LogChainQueries;

  constructor(
    db: Database.Database,
    private readonly comparePositions: (a: Position, b: Position) => number,
  ) {
    super(db);
    this.stored = new LogChainQueries(db);
  }

  setUp(): void {
    this.db.exec(`CREATE TABLE IF NOT EXISTS log_chain (
      id            INTEGER PRIMARY KEY CHECK (id = 1),
      events        INTEGER NOT NULL,
      log_hash      TEXT    NOT NULL,
      last_event_id TEXT,
      last_position TEXT
    )`);
  }

  tearDown(): void {
    this.db.exec('DROP TABLE IF EXISTS log_chain;');
  }

  apply(event: LedgerEvent): void {
    const head = this.head ?? this.stored.head();
    if (head.lastPosition !== undefined && this.comparePositions(event.position, head.lastPosition as Position) <= 0) {
      return;
    }
    this.head = {
      events: head.events + 1,
      logHash: nextLogHash(head.logHash, event.hash),
      lastEventId: event.id,
      lastPosition: event.position,
    };
  }

  flush(): void {
    if (!this.head) return;
    this.sql(
      `INSERT INTO log_chain (id, events, log_hash, last_event_id, last_position) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET events = excluded.events, log_hash = excluded.log_hash,
         last_event_id = excluded.last_event_id, last_position = excluded.last_position`,
    ).run(this.head.events, this.head.logHash, this.head.lastEventId ?? null, this.head.lastPosition ?? null);
  }

  discard(): void {
    this.head = undefined;
  }

  committed(): void {
    this.head = undefined;
  }
}

export class LogChainQueries extends ReadModelTables {
  head(): LogHead {
    const row = this.sql<[], Row>(
      'SELECT events, log_hash, last_event_id, last_position FROM log_chain WHERE id = 1',
    ).get();
    return row
      ? {
          events: row.events,
          logHash: row.log_hash,
          ...(row.last_event_id ? { lastEventId: row.last_event_id } : {}),
          ...(row.last_position ? { lastPosition: row.last_position } : {}),
        }
      : { events: 0, logHash: GENESIS_HASH };
  }
}
