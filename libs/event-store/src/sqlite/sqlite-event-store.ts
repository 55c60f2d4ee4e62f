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
  StoredText,
  StreamAppend,
  Subscription,
  SubscriptionMessage,
  WrongExpectedRevisionError,
} from '../event-store';
import { messageOf, sqliteFailureOf, toStoreFailure } from './sqlite-failures';
import { CommitSignal, Committer, inThreadCommitter, ThreadCommitter } from './sqlite-writer';
import { SerialisedAppend } from './batch-writer';
import { WrittenNames } from '../written-names';

/** One stream's part of a write, with any expected revision the port allows. */
interface Append {
  readonly stream: string;
  readonly events: readonly EventToAppend[];
  readonly expected: ExpectedRevision;
}

interface Row {
  position: number;
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
}

const SCHEMA_VERSION = 2;

/**
 * Rows that are StoredText as they come: the position as text, no copy of each row. (The table's own
 * column is named in WHERE and ORDER BY: the text alias would sort "10" before "9".)
 */
/** Rows per read while a page is iterated (`eachStoredText`). */
const TEXT_RUN = 500;

const READ_ALL_TEXT =
  'SELECT CAST(position AS TEXT) AS position, stream, revision, id, type, data, metadata FROM events AS e WHERE e.position > ? ORDER BY e.position LIMIT ?';

/** A row of READ_ALL_TEXT, read raw: its columns in order. */
type TextRow = [Position, string, number, string, string, string, string];

/** Raw rows as StoredText, each built in one literal (cheaper than better-sqlite3's row objects). */
function texts(rows: TextRow[]): StoredText[] {
  const out = new Array<StoredText>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const [position, stream, revision, id, type, data, metadata] = rows[i];
    out[i] = { position, stream, revision, id, type, data, metadata };
  }
  return out;
}

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:' for tests that need no durability. */
  readonly file: string;
  /** How often a live subscription looks for events written by another process. */
  readonly pollIntervalMs?: number;
  /** A hard cap on the file's size in pages (SQLite's max_page_count): past it, appends fail as disk-full. */
  readonly maxPageCount?: number;
  /** The caller holds the data folder's lock: no other process writes this file (see the port). */
  readonly exclusive?: boolean;
  /** Commit on this thread instead of the writer thread (default: a thread for a file store). */
  readonly writerThread?: boolean;
  /** Told how many writes each group commit carried, once it is on disk (for the metrics). */
  readonly onGroupCommit?: (writes: number) => void;
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
  /**
   * Raised after each group commit is on disk: a reader on another connection (the read models'
   * thread) cannot see this one's appends otherwise, short of polling.
   */
  readonly commits = new CommitSignal();
  readonly exclusive: boolean;
  private readonly onGroupCommit?: (writes: number) => void;
  private closed = false;
  private damaged?: string;
  /** Bumped by every local append, so a subscription never sleeps through one. */
  private appends = 0;
  /** Writes waiting for the next group commit; each is one or more appends that land together. */
  private pending: {
    appends: readonly SerialisedAppend[];
    resolve: (results: AppendResult[]) => void;
    reject: (error: unknown) => void;
  }[] = [];
  /** The group commit on its way to disk, if any: the next one gathers while it runs. */
  private committing?: Promise<void>;
  private readonly committer: Committer;
  /**
   * The streams this file may hold, where this store is its one writer: a stream read before it was
   * ever written (a new command's claim, a person's first look) answers without a read.
   */
  private readonly written?: WrittenNames;

  private readonly stmt: {
    streamRevision: Database.Statement<[string], { revision: number | null }>;
    readStream: Database.Statement<[string, number, number], Row>;
    streamsWithEvents: Database.Statement<[string], { stream: string }>;
    readAllFrom: Database.Statement<[number, number], Row>;
    readAllText: Database.Statement<[number, number], TextRow>;
    head: Database.Statement<[], { position: number | null }>;
  };

  constructor(options: SqliteEventStoreOptions) {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.exclusive = options.exclusive ?? false;
    this.onGroupCommit = options.onGroupCommit;
    configureDurability(this.db);
    if (this.exclusive) refuseUnwritable(this.db, options.file);
    migrate(this.db);
    if (options.maxPageCount !== undefined) this.db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
    this.stmt = {
      streamRevision: this.db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream = ?'),
      readStream: this.db.prepare('SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?'),
      // Every stream starts at revision 0: one look-up in the (stream, revision) index per name.
      streamsWithEvents: this.db.prepare(
        'SELECT stream FROM events WHERE revision = 0 AND stream IN (SELECT value FROM json_each(?))',
      ),
      readAllFrom: this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      // Rows as arrays (no object built column by column in native code), made StoredText in `texts`.
      readAllText: this.db.prepare<[number, number], TextRow>(READ_ALL_TEXT).raw(true),
      head: this.db.prepare('SELECT MAX(position) AS position FROM events'),
    };
    if (this.exclusive) {
      // Sized for the streams a log of this many events may hold (fewer than its events).
      const page = this.db
        .prepare<[string, number], string>(
          'SELECT stream FROM events WHERE stream > ? AND revision = 0 ORDER BY stream LIMIT ?',
        )
        .pluck();
      this.written = WrittenNames.filledFrom(this.stmt.head.get()?.position ?? 0, (after, limit) =>
        page.all(after, limit),
      );
    }
    // A file store commits on a thread of its own (the fsync no longer stops the event loop); an
    // in-memory one, which no other thread can open, on this one.
    this.committer =
      options.file === ':memory:' || options.writerThread === false
        ? inThreadCommitter(this.db)
        : new ThreadCommitter({ file: options.file, maxPageCount: options.maxPageCount, commits: this.commits });
  }

  /** The PRAGMA values of the connection that commits (the writer thread's, when there is one). */
  async writerPragmas(): Promise<{ journalMode: string; synchronous: number }> {
    return this.committer instanceof ThreadCommitter ? this.committer.pragmas() : this.pragmas();
  }

  /** A damaged file seen by any operation stays reported until the process restarts on a restored file. */
  condition(): { readonly damaged?: string } {
    return this.damaged ? { damaged: this.damaged } : {};
  }

  private guard<T>(what: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw this.failed(what, error);
    }
  }

  private failed(what: string, error: unknown): unknown {
    // Read the message by shape: an error from the writer thread or another realm is no `instanceof Error` here.
    if (sqliteFailureOf(error) === 'damaged') this.damaged ??= messageOf(error);
    return toStoreFailure(what, error);
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
   * one fsync for all of them (group commit); each write runs in its own savepoint, so a conflict
   * fails only its own write. Every promise settles after the commit, so a 2xx is never early.
   */
  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    const [result] = await this.enqueue([{ stream, events, expected }]);
    return result;
  }

  /** Several streams' appends that land together or not at all, in the same group commit. */
  appendAll(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return this.enqueue(appends);
  }

  private enqueue(appends: readonly Append[]): Promise<AppendResult[]> {
    this.assertOpen();
    if (appends.length === 0 || appends.some((a) => a.events.length === 0)) {
      return Promise.reject(new Error('append needs at least one event'));
    }
    // Written as JSON once: the text is both what is stored and what the size limit counts.
    const serialised = appends.map(serialise);
    // Known before it can land, so that no read of it is ever answered from the filter alone.
    if (this.written) for (const append of appends) this.written.add(append.stream);
    // EventStoreDB's limit here too, so that nothing the embedded store takes would fail in production
    // (the same count as `appendSize`: data and metadata bytes, two bytes per UTF-16 unit of the type).
    for (const { stream, events } of serialised) {
      let size = 0;
      for (const e of events)
        size += Buffer.byteLength(e.data, 'utf8') + Buffer.byteLength(e.metadata, 'utf8') + e.type.length * 2;
      if (size > MAX_APPEND_BYTES) return Promise.reject(new AppendTooLargeError(stream, size, MAX_APPEND_BYTES));
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ appends: serialised, resolve, reject });
      if (this.pending.length === 1 && !this.committing) setImmediate(() => this.commitPending());
    });
  }

  /**
   * Sends what has gathered as one group commit, unless one is on its way: then it goes as soon as
   * that one is on disk, with whatever gathered meanwhile. Every promise settles after its commit.
   */
  private commitPending(): void {
    if (this.committing || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.committing = this.committer.commit(batch.map((item) => item.appends)).then(
      (outcomes) => {
        this.onGroupCommit?.(batch.length);
        batch.forEach((item, i) => {
          const outcome = outcomes[i];
          if ('ok' in outcome) {
            item.resolve(outcome.ok.map((r) => ({ nextRevision: r.nextRevision, position: toPosition(r.position) })));
          } else {
            const { stream, expected, actual } = outcome.conflict;
            item.reject(new WrongExpectedRevisionError(stream, expected as ExpectedRevision, actual));
          }
        });
        this.wakeSubscribers();
      },
      (error: unknown) => {
        // Disk full, a lock held too long, a damaged file: the whole batch rolled back, nothing written.
        const failure = this.failed('append', error);
        for (const item of batch) item.reject(failure);
      },
    );
    void this.committing.finally(() => {
      this.committing = undefined;
      this.commitPending();
    });
  }

  async readStream(stream: string, options: { fromRevision?: number; maxCount?: number } = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    if (this.written && !this.written.mayHold(stream)) return [];
    const rows = this.guard('read stream', () =>
      this.stmt.readStream.all(stream, options.fromRevision ?? 0, options.maxCount ?? -1),
    );
    return rows.map(fromRow);
  }

  async streamsWithEvents(streams: readonly string[]): Promise<Set<string>> {
    this.assertOpen();
    const written = this.written;
    const asked = written ? streams.filter((s) => written.mayHold(s)) : streams;
    if (asked.length === 0) return new Set();
    const rows = this.guard('read streams', () => this.stmt.streamsWithEvents.all(JSON.stringify(asked)));
    return new Set(rows.map((r) => r.stream));
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    return this.readRows(this.stmt.readAllFrom, options).map(fromRow);
  }

  async readAllText(options: ReadAllOptions): Promise<StoredText[]> {
    return texts(this.readRows(this.stmt.readAllText, options));
  }

  *eachStoredText(options: ReadAllOptions): Generator<StoredText> {
    // Read in runs of a few hundred rows (one call each, cheaper than a row at a time), so that
    // only the current run is alive while the caller applies it; `readRows` refuses a position
    // beyond the log as readAll does.
    let after = options.after;
    for (let left = options.maxCount; left > 0;) {
      const rows = texts(this.readRows(this.stmt.readAllText, { after, maxCount: Math.min(left, TEXT_RUN) }));
      yield* rows;
      if (rows.length < Math.min(left, TEXT_RUN)) return;
      left -= rows.length;
      after = rows[rows.length - 1].position;
    }
  }

  private readRows<R>(statement: Database.Statement<[number, number], R>, options: ReadAllOptions): R[] {
    this.assertOpen();
    const rows = this.guard('read all', () => statement.all(fromPosition(options.after), options.maxCount));
    if (rows.length === 0 && options.after !== undefined) {
      // Nothing after it: caught up, unless the log ends before it (a wiped or restored file).
      const head = this.stmt.head.get()?.position ?? 0;
      if (fromPosition(options.after) > head) {
        throw new PositionNotInLogError(options.after, head === 0 ? undefined : toPosition(head));
      }
    }
    return rows;
  }

  async headPosition(): Promise<Position | undefined> {
    this.assertOpen();
    const head = this.guard('head position', () => this.stmt.head.get()?.position);
    return head == null ? undefined : toPosition(head);
  }

  comparePositions(a: Position, b: Position): number {
    return fromPosition(a) - fromPosition(b);
  }

  subscribeToAll(options: { after?: Position }): Subscription {
    let after = options.after;
    let stopped = false;
    let wake: (() => void) | undefined;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- a generator cannot be an arrow function
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

  /** Commits what was asked before closing, then stops the writer and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.written?.stop();
    while (this.committing || this.pending.length > 0) {
      this.commitPending();
      await this.committing;
    }
    await this.committer.close();
    this.wakeSubscribers();
    this.db.close();
  }

  private wakeSubscribers(): void {
    this.appends += 1;
    for (const wake of [...this.waiters]) wake();
    // A writer thread raises it itself, as soon as the commit is on disk.
    if (!(this.committer instanceof ThreadCommitter)) this.commits.raise();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

/**
 * The store's one writer must be able to write its file. SQLite opens a file it may not write (its
 * mode, its folder's, a read-only mount) read-only without a word, and the ledger would report ready
 * and fail every command; so a write is tried, and taken back, before anything is served.
 */
export function refuseUnwritable(db: Database.Database, file: string): void {
  try {
    db.exec('BEGIN IMMEDIATE; CREATE TABLE write_probe (x); ROLLBACK');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) {
      throw new Error(
        `the event store file ${file} cannot be written by this process (${messageOf(error)}): give the ledger write access to it, its -wal and -shm files and its folder`,
        { cause: error },
      );
    }
    throw error;
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
  // Schema 2: no index of event ids (a retry is found where it was meant to go, by stream and
  // revision), which made every append update a third B-tree with random keys.
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
    DROP INDEX IF EXISTS events_by_id;
    PRAGMA user_version = ${SCHEMA_VERSION};
  `);
}

function serialise(append: Append): SerialisedAppend {
  return {
    stream: append.stream,
    expected: append.expected,
    // The text the writer made for the event's hash, where it did (see EventToAppend.json).
    events: append.events.map((e) => ({
      id: e.id,
      type: e.type,
      data: e.json?.data ?? JSON.stringify(e.data),
      metadata: e.json?.metadata ?? JSON.stringify(e.metadata),
    })),
  };
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
  // Only the form this store writes (toPosition): Number() would also read '1e3', '0x10', ' 10', '010'.
  const n = /^(0|[1-9][0-9]*)$/.test(position) ? Number(position) : NaN;
  if (!Number.isSafeInteger(n)) throw new Error(`not a position of this store: ${position}`);
  return n;
}
