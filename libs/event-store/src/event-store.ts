/**
 * The port every event store adapter implements. Its semantics follow EventStoreDB's so that the
 * embedded SQLite store and the production server are interchangeable:
 * - stream revisions count from 0; a missing stream reads as empty;
 * - global positions are opaque: only the adapter that issued one may compare it;
 * - appending the same event ids again at the same exact expected revision (a number or
 *   'no-stream') writes nothing and answers like the first append (idempotent retries). With 'any'
 *   or 'stream-exists' EventStoreDB only remembers recent event ids in memory on the leader, so a
 *   retry after a restart or failover is written again: the ledger never appends with those two;
 * - one append holds at most MAX_APPEND_BYTES as the server counts them (see appendSize);
 * - read-all and subscriptions start *after* a position (checkpoints are exclusive), and refuse a
 *   position beyond the newest event (PositionNotInLogError): the log was restored or wiped.
 */

/** An opaque global position. Never parse it outside the adapter that produced it. */
export type Position = string & { readonly __position: unique symbol };

export type ExpectedRevision = 'any' | 'no-stream' | 'stream-exists' | number;

export interface EventToAppend {
  /** A UUID; deterministic per command so that a retry sends the same id. */
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
  /**
   * `data` and `metadata` as JSON.stringify writes them, when the writer already has that text (the
   * command road writes it once for the event's hash): a store that keeps JSON text keeps this.
   */
  readonly json?: { readonly data: string; readonly metadata: string };
}

export interface StoredEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: Position;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
}

/**
 * A stored event as the store holds it: data and metadata still the JSON text that was written, for a
 * reader that hashes those bytes and parses only what it uses (a rebuild of the read models, an export).
 */
export type StoredText = Omit<StoredEvent, 'data' | 'metadata'> & {
  /** The JSON text of the event's data, as stored. */
  readonly data: string;
  /** The JSON text of its metadata, as stored. */
  readonly metadata: string;
};

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  readonly nextRevision: number;
  /** Global position of the last event written (or found again, on an idempotent retry). */
  readonly position: Position;
}

export interface ReadAllOptions {
  /** Exclusive: the first event returned comes after it. Absent means from the start. */
  readonly after?: Position;
  readonly maxCount: number;
}

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: StoredEvent }
  /** Every event that existed when the subscription started has been delivered. */
  | { readonly kind: 'caught-up' };

export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  close(): Promise<void>;
}

/**
 * The expected revisions whose retries EventStoreDB checks durably (an exact revision, or that the
 * stream does not exist yet); the ledger writes only with these.
 */
export type ExactRevision = number | 'no-stream';

/** One stream's part of a write. */
export interface StreamAppend {
  readonly stream: string;
  readonly events: readonly EventToAppend[];
  readonly expected: ExactRevision;
}

export interface EventStore {
  /**
   * This process is the store's only writer (the embedded store, whose data folder it holds locked):
   * what it appended is all there is, so a stream head it has seen needs no reading again. Writers
   * sharing a store (EventStoreDB) read every tail before deciding.
   */
  readonly exclusive?: boolean;
  /**
   * Throws WrongExpectedRevisionError on a conflict, AppendTooLargeError before sending anything too
   * big, StoreUnavailableError when nothing was written, AppendOutcomeUnknownError when it may have been.
   */
  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams that land together or not at all, where the store can promise that
   * (the embedded store can; EventStoreDB has no multi-stream transaction, so it does not offer it).
   * On a conflict in any part, nothing is written and the error names that part's stream.
   */
  appendAll?(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** Events of one stream in revision order, from `fromRevision` (inclusive, default 0). */
  readStream(stream: string, options?: { fromRevision?: number; maxCount?: number }): Promise<StoredEvent[]>;
  /**
   * Which of these streams have any event, asked in one read where the store can (the embedded
   * store: one query, its pages read once, instead of a read per stream).
   */
  streamsWithEvents?(streams: readonly string[]): Promise<Set<string>>;
  /**
   * The ledger's events in global order; system events of a server are never returned. Rejects with
   * PositionNotInLogError when `after` lies beyond the newest event.
   */
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /**
   * `readAll` with data and metadata as the stored JSON text, where the store keeps text (the embedded
   * store: no parsing of what the reader will not use). Same order, same refusals.
   */
  readAllText?(options: ReadAllOptions): Promise<StoredText[]>;
  /**
   * `readAllText` read as the caller goes through it, a few hundred rows at a time (the embedded
   * store, whose reads are synchronous): a large page is never held whole, so a reader that keeps
   * nothing of a row leaves little for the garbage collector to copy. Read errors and the refusal of
   * a position beyond the log are thrown by the iteration.
   */
  eachStoredText?(options: ReadAllOptions): Iterable<StoredText>;
  /**
   * Catch up from `after`, then follow live appends. Iteration throws PositionNotInLogError when
   * `after` lies beyond the newest event, instead of waiting silently for the log to grow past it.
   */
  subscribeToAll(options: { after?: Position }): Subscription;
  /**
   * Position of the newest ledger event, or undefined for an empty store. A saved checkpoint that
   * compares greater than it (or any checkpoint, when it is undefined) belongs to a longer log.
   */
  headPosition(): Promise<Position | undefined>;
  /** Order of two positions issued by this adapter: negative, zero or positive. */
  comparePositions(a: Position, b: Position): number;
  /** What the adapter has seen go wrong with its storage: a damaged file, with the error's words. */
  condition?(): { readonly damaged?: string };
  close(): Promise<void>;
}

/** Thrown when the stream is not at the revision the caller expected. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'wrong-expected-revision';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision, -1 when it does not exist, undefined when unknown. */
    readonly actual: number | undefined,
  ) {
    super(`stream ${stream} is at revision ${actual ?? 'unknown'}, expected ${String(expected)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export type StoreFailure = 'disk-full' | 'busy' | 'damaged' | 'unreachable' | 'not-ready' | 'io';

/**
 * The store cannot serve the request now (disk full, locked, a damaged file, a server that is
 * unreachable or not ready). Nothing was written; the same request may be retried later.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'store-unavailable';
  constructor(
    readonly failure: StoreFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * An append was sent but its outcome is unknown (the server timed out, the connection dropped after
 * sending): it may still commit. Retrying with the same event ids and expected revision is safe.
 */
export class AppendOutcomeUnknownError extends Error {
  readonly code = 'append-outcome-unknown';
  constructor(
    readonly stream: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppendOutcomeUnknownError';
  }
}

/**
 * `position` is not in this store's log: it lies beyond the newest event (the log was restored from an
 * older backup or wiped, while whatever saved the position survived), or, on EventStoreDB, it falls
 * inside a record of a log that has since grown past it. Read models built up to it must be rebuilt.
 */
export class PositionNotInLogError extends Error {
  readonly code = 'position-not-in-log';
  constructor(
    readonly position: Position,
    /** The store's newest event, undefined when the store is empty or the server did not say. */
    readonly head: Position | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      head === undefined
        ? `position ${position} is not in the log (the log is empty or the position is not an event's)`
        : `position ${position} is beyond the newest event ${head}: the log is shorter than what was read from it`,
      options,
    );
    this.name = 'PositionNotInLogError';
  }
}

/** EventStoreDB's default MaxAppendSize: 1 MiB per append, counted as `appendSize` counts. */
export const MAX_APPEND_BYTES = 1_048_576;

/**
 * The size of an append as EventStoreDB 24.10 counts it against MaxAppendSize (`Event.SizeOnDisk`):
 * per event, the bytes of its data and metadata (JSON, UTF-8) plus two bytes per UTF-16 unit of its type.
 */
export function appendSize(events: readonly EventToAppend[]): number {
  let size = 0;
  for (const event of events) {
    size += Buffer.byteLength(JSON.stringify(event.data), 'utf8');
    size += Buffer.byteLength(JSON.stringify(event.metadata), 'utf8');
    size += event.type.length * 2;
  }
  return size;
}

/** Refused before anything was sent: the append is larger than the store takes in one go. */
export class AppendTooLargeError extends Error {
  readonly code = 'append-too-large';
  constructor(
    readonly stream: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`append to ${stream} is ${size} bytes, over the store's limit of ${limit} bytes per append`);
    this.name = 'AppendTooLargeError';
  }
}

/** Stream names follow EventStoreDB's `category-id`: one dash before the id, never a `$`. */
export function streamName(category: string, id: string): string {
  if (!/^[a-z][a-z0-9]*$/.test(category)) throw new Error(`invalid stream category ${category}`);
  if (!/^[A-Za-z0-9_.]+$/.test(id)) throw new Error(`invalid stream id ${id}`);
  return `${category}-${id}`;
}

export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

/**
 * `categoryOf(stream) === category`, for a category without a dash (every one the ledger names),
 * without cutting the stream's name: the read models ask it of every event.
 */
export function inCategory(stream: string, category: string): boolean {
  return (
    stream.startsWith(category) && (stream.length === category.length || stream.charCodeAt(category.length) === 45)
  );
}

export function idOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? '' : stream.slice(dash + 1);
}
