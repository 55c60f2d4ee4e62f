import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  AppendResult,
  AppendTooLargeError,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  MAX_APPEND_BYTES,
  Position,
  PositionNotInLogError,
  ReadAllOptions,
  StoredEvent,
  Subscription,
  SubscriptionMessage,
  WrongExpectedRevisionError,
  appendSize,
} from '../event-store';

interface Row {
  position: number;
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
}

const SCHEMA_VERSION = 1;

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:' for tests that need no durability. */
  readonly file: string;
  /** How often a live subscription looks for events written by another process. */
  readonly pollIntervalMs?: number;
}

/**
 * The embedded event store: one SQLite file in WAL mode. An append returns only after its
 * transaction is durable: `synchronous=FULL` is set on every open, because better-sqlite3 reopens a
 * WAL database at NORMAL, where a power loss can drop commits that were already acknowledged.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly pollIntervalMs: number;
  private readonly waiters = new Set<() => void>();
  private closed = false;
  /** Bumped by every local append, so a subscription never sleeps through one. */
  private appends = 0;
  private readonly pending: {
    stream: string;
    events: readonly EventToAppend[];
    expected: ExpectedRevision;
    resolve: (result: AppendResult) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private readonly appendTx: Database.Transaction<
    (stream: string, events: readonly EventToAppend[], expected: ExpectedRevision) => AppendResult
  >;

  private readonly stmt: {
    streamRevision: Database.Statement<[string], { revision: number | null }>;
    byId: Database.Statement<[string, string], Row>;
    insert: Database.Statement<[string, number, string, string, string, string]>;
    readStream: Database.Statement<[string, number, number], Row>;
    readAllFrom: Database.Statement<[number, number], Row>;
    head: Database.Statement<[], { position: number | null }>;
  };

  constructor(options: SqliteEventStoreOptions) {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    configureDurability(this.db);
    migrate(this.db);
    this.stmt = {
      streamRevision: this.db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream = ?'),
      byId: this.db.prepare('SELECT * FROM events WHERE id = ? AND stream = ?'),
      insert: this.db.prepare(
        'INSERT INTO events (stream, revision, id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      readStream: this.db.prepare('SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?'),
      readAllFrom: this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      head: this.db.prepare('SELECT MAX(position) AS position FROM events'),
    };
    this.appendTx = this.db.transaction((stream, events, expected) =>
      this.appendWithinTransaction(stream, events, expected),
    );
  }

  /** The PRAGMA values in force, so that tests and health checks can prove the durability setting. */
  pragmas(): { journalMode: string; synchronous: number } {
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
    };
  }

  /**
   * Appends wait for the end of the current tick and are committed together, one transaction and
   * one fsync for all of them (group commit); each runs in its own savepoint, so a conflict fails
   * only its own append. Every promise settles after the commit, so a 2xx is never early.
   */
  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
    // EventStoreDB's limit here too, so that nothing the embedded store takes would fail in production.
    const size = appendSize(events);
    if (size > MAX_APPEND_BYTES) return Promise.reject(new AppendTooLargeError(stream, size, MAX_APPEND_BYTES));
    return new Promise((resolve, reject) => {
      this.pending.push({ stream, events, expected, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.commitPending());
    });
  }

  private commitPending(): void {
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    const outcomes: ({ ok: AppendResult } | { error: unknown })[] = [];
    try {
      this.db
        .transaction(() => {
          for (const item of batch) {
            try {
              outcomes.push({ ok: this.appendTx(item.stream, item.events, item.expected) });
            } catch (error) {
              outcomes.push({ error });
            }
          }
        })
        .immediate();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if ('ok' in outcome) item.resolve(outcome.ok);
      else item.reject(outcome.error);
    });
    this.wakeSubscribers();
  }

  private appendWithinTransaction(
    stream: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): AppendResult {
    const current = this.stmt.streamRevision.get(stream)?.revision ?? -1;
    const retried = this.findRetriedAppend(stream, events, expected, current);
    if (retried) return retried;
    if (!revisionMatches(expected, current)) throw new WrongExpectedRevisionError(stream, expected, current);
    let revision = current;
    let position = 0;
    for (const event of events) {
      revision += 1;
      const info = this.stmt.insert.run(
        stream,
        revision,
        event.id,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
      );
      position = Number(info.lastInsertRowid);
    }
    return { nextRevision: revision, position: toPosition(position) };
  }

  /** An append whose event ids are already in the stream, at the same place, is a retry. */
  private findRetriedAppend(
    stream: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
    current: number,
  ): AppendResult | undefined {
    const first = this.stmt.byId.get(events[0].id, stream);
    if (!first) return undefined;
    const placedAsExpected =
      expected === 'any' ||
      expected === 'stream-exists' ||
      (expected === 'no-stream' && first.revision === 0) ||
      expected === first.revision - 1;
    let last: Row = first;
    for (let i = 1; i < events.length && placedAsExpected; i++) {
      const row = this.stmt.byId.get(events[i].id, stream);
      if (!row || row.revision !== first.revision + i) {
        throw new WrongExpectedRevisionError(stream, expected, current);
      }
      last = row;
    }
    if (!placedAsExpected) throw new WrongExpectedRevisionError(stream, expected, current);
    return { nextRevision: last.revision, position: toPosition(last.position) };
  }

  async readStream(stream: string, options: { fromRevision?: number; maxCount?: number } = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    const rows = this.stmt.readStream.all(stream, options.fromRevision ?? 0, options.maxCount ?? -1);
    return rows.map(fromRow);
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const rows = this.stmt.readAllFrom.all(fromPosition(options.after), options.maxCount);
    if (rows.length === 0 && options.after !== undefined) {
      // Nothing after it: caught up, unless the log ends before it (a wiped or restored file).
      const head = this.stmt.head.get()?.position ?? 0;
      if (fromPosition(options.after) > head) {
        throw new PositionNotInLogError(options.after, head === 0 ? undefined : toPosition(head));
      }
    }
    return rows.map(fromRow);
  }

  async headPosition(): Promise<Position | undefined> {
    this.assertOpen();
    const head = this.stmt.head.get()?.position;
    return head == null ? undefined : toPosition(head);
  }

  comparePositions(a: Position, b: Position): number {
    return fromPosition(a) - fromPosition(b);
  }

  subscribeToAll(options: { after?: Position }): Subscription {
    let after = options.after;
    let stopped = false;
    let wake: (() => void) | undefined;
    const store = this;
    const batchSize = 500;

    async function* messages(): AsyncGenerator<SubscriptionMessage> {
      let caughtUp = false;
      while (!stopped && !store.closed) {
        const appendsBeforeRead = store.appends;
        const batch = await store.readAll({ after, maxCount: batchSize });
        for (const event of batch) {
          if (stopped) return;
          yield { kind: 'event', event };
          after = event.position;
        }
        if (batch.length === batchSize) continue;
        if (!caughtUp) {
          caughtUp = true;
          yield { kind: 'caught-up' };
        }
        if (store.appends !== appendsBeforeRead) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, store.pollIntervalMs);
          function done() {
            clearTimeout(timer);
            store.waiters.delete(done);
            wake = undefined;
            resolve();
          }
          wake = done;
          store.waiters.add(done);
        });
      }
    }

    const iterator = messages();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        stopped = true;
        wake?.();
        await iterator.return(undefined);
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.commitPending();
    this.closed = true;
    this.wakeSubscribers();
    this.db.close();
  }

  private wakeSubscribers(): void {
    this.appends += 1;
    for (const wake of [...this.waiters]) wake();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

/** Set on every open: WAL for concurrent readers, FULL so that a commit survives power loss. */
export function configureDurability(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  if (Number(db.pragma('synchronous', { simple: true })) !== 2) {
    throw new Error('SQLite refused synchronous=FULL; acknowledged writes would not be durable');
  }
}

function migrate(db: Database.Database): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > SCHEMA_VERSION) {
    throw new Error(`event store schema ${version} is newer than this ledger understands (${SCHEMA_VERSION})`);
  }
  if (version === SCHEMA_VERSION) return;
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position INTEGER PRIMARY KEY AUTOINCREMENT,
      stream   TEXT    NOT NULL,
      revision INTEGER NOT NULL,
      id       TEXT    NOT NULL,
      type     TEXT    NOT NULL,
      data     TEXT    NOT NULL,
      metadata TEXT    NOT NULL,
      UNIQUE (stream, revision)
    );
    CREATE INDEX IF NOT EXISTS events_by_id ON events (id);
    PRAGMA user_version = ${SCHEMA_VERSION};
  `);
}

function revisionMatches(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return current === -1;
    case 'stream-exists':
      return current >= 0;
    default:
      return expected === current;
  }
}

function fromRow(row: Row): StoredEvent {
  return {
    id: row.id,
    stream: row.stream,
    revision: row.revision,
    position: toPosition(row.position),
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
  };
}

function toPosition(position: number): Position {
  return String(position) as Position;
}

function fromPosition(position: Position | undefined): number {
  if (position === undefined) return 0;
  const n = Number(position);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a position of this store: ${position}`);
  return n;
}
