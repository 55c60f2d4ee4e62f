/**
 * The port every event store adapter implements. Its semantics follow EventStoreDB's so that the
 * embedded SQLite store and the production server are interchangeable:
 * - stream revisions count from 0; a missing stream reads as empty;
 * - global positions are opaque: only the adapter that issued one may compare it;
 * - appending the same event ids again at the same expected revision writes nothing
 *   and answers like the first append (idempotent retries);
 * - read-all and subscriptions start *after* a position (checkpoints are exclusive).
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

/** One stream's part of a write. */
export interface StreamAppend {
  readonly stream: string;
  readonly events: readonly EventToAppend[];
  readonly expected: ExpectedRevision;
}

export interface EventStore {
  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams that land together or not at all, where the store can promise that
   * (the embedded store can; EventStoreDB has no multi-stream transaction, so it does not offer it).
   * On a conflict in any part, nothing is written and the error names that part's stream.
   */
  appendAll?(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** Events of one stream in revision order, from `fromRevision` (inclusive, default 0). */
  readStream(stream: string, options?: { fromRevision?: number; maxCount?: number }): Promise<StoredEvent[]>;
  /** The ledger's events in global order; system events of a server are never returned. */
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /** Catch up from `after`, then follow live appends. */
  subscribeToAll(options: { after?: Position }): Subscription;
  /** Position of the newest ledger event, or undefined for an empty store. */
  headPosition(): Promise<Position | undefined>;
  /** Order of two positions issued by this adapter: negative, zero or positive. */
  comparePositions(a: Position, b: Position): number;
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

export function idOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? '' : stream.slice(dash + 1);
}
