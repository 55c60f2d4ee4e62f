/**
 * The storage model of the EventStoreDB protocol double: one transaction log holding every stream,
 * with the server's rules for expected revisions, idempotent appends, deletes and `$all` positions.
 * Test-only; nothing here ships. References are to EventStore/EventStore at v24.10.4.
 */
import { randomUUID } from 'node:crypto';

export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface LogRecord extends LogPosition {
  /** Place in the log, from 0. */
  readonly index: number;
  /** Where the next record starts (the record's post-position). */
  readonly end: bigint;
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the server sends them. */
  readonly created: bigint;
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export type Expected =
  | { readonly kind: 'any' }
  | { readonly kind: 'no-stream' }
  | { readonly kind: 'stream-exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export type WriteOutcome =
  /**
   * `revision` is the stream's last revision written (or found again, on an idempotent retry);
   * `last` is the index of the record that must be committed before the write may be acknowledged.
   */
  | { readonly kind: 'success'; readonly revision: bigint; readonly position: LogPosition; readonly last: number }
  /** `current` is undefined when the stream does not exist. */
  | { readonly kind: 'wrong-expected-version'; readonly current: bigint | undefined }
  /**
   * A retry of a write that is in the log but not yet committed: the server drops it without an
   * answer ("IdempotentNotReady", StorageWriterService.cs) and the client sees a timeout.
   */
  | { readonly kind: 'dropped' };

export type StreamFrom =
  { readonly kind: 'start' } | { readonly kind: 'end' } | { readonly kind: 'revision'; readonly revision: bigint };
export type AllFrom =
  { readonly kind: 'start' } | { readonly kind: 'end' } | { readonly kind: 'position'; readonly position: LogPosition };
export type Direction = 'forwards' | 'backwards';

export interface EventFilter {
  readonly on: 'event-type' | 'stream-name';
  /** The server prefers the regex when both are given. */
  readonly regex?: string;
  readonly prefixes?: readonly string[];
}

/** Raised for any operation on a tombstoned (hard-deleted) stream. */
export class StreamDeletedFault extends Error {
  constructor(readonly stream: string) {
    super(`stream ${stream} is deleted`);
  }
}

/**
 * A read from a position inside a record: the server's chunk reader cannot parse what is there
 * (InvalidReadException → ReadAllResult.InvalidPosition, StorageReaderWorker.cs).
 */
export class InvalidPositionFault extends Error {
  constructor(readonly position: LogPosition) {
    super(`no record starts at ${position.commit}/${position.prepare}`);
  }
}

/** The revision EventStoreDB gives the tombstone event of a hard-deleted stream. */
export const TOMBSTONE_REVISION = 2n ** 63n - 1n;

/** Where the first record of a chunk file starts: no event ever sits at 0/0. */
const FIRST_POSITION = 4096n;

interface StreamState {
  /** Index = revision: revisions are contiguous from 0 and survive a soft delete. */
  readonly events: LogRecord[];
  /** Set by a soft delete: revisions below are hidden, and the stream reads as missing until written again. */
  truncateBefore?: bigint;
  tombstoned: boolean;
}

export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function matchesFilter(record: LogRecord, filter: EventFilter | undefined): boolean {
  if (!filter) return true;
  const subject = filter.on === 'event-type' ? record.type : record.stream;
  if (filter.regex) return new RegExp(filter.regex).test(subject);
  return (filter.prefixes ?? []).some((prefix) => subject.startsWith(prefix));
}

export interface InMemoryLogOptions {
  /** Lay appends out as explicit transactions (one commit position per append); see `write`. */
  readonly explicitTransactions?: boolean;
  /**
   * How many recent event ids the leader remembers for the idempotency of 'any' and 'stream-exists'
   * appends. The server keeps 8 MiB of them in memory (ESConsts.CommitedEventsMemCacheLimit), lost on
   * restart. Default 10 000.
   */
  readonly idempotencyCacheSize?: number;
}

export class InMemoryLog {
  private records: LogRecord[] = [];
  private streams = new Map<string, StreamState>();
  private readonly listeners = new Set<() => void>();
  private nextLogPosition = FIRST_POSITION;
  /** Records below this index are committed (replicated); above it they are written but unacknowledged. */
  private committedCount = 0;
  private holding = false;
  /** Event id → where it was written: the server's bounded `_committedEvents` cache (IndexWriter.cs). */
  private recentIds = new Map<string, { stream: string; revision: bigint }>();
  private readonly idCacheSize: number;
  /** Record starts that a restored log no longer has, but a reader may still hold (see `restore`). */
  private readonly boundaries = new Set<bigint>();

  constructor(private readonly options: InMemoryLogOptions = {}) {
    this.idCacheSize = options.idempotencyCacheSize ?? 10_000;
  }

  /** Records written, committed or not. */
  get length(): number {
    return this.records.length;
  }

  /** Records committed: what reads and subscriptions on the leader see. */
  get committed(): number {
    return this.committedCount;
  }

  at(index: number): LogRecord {
    return this.records[index];
  }

  /** Called after every commit; returns an unsubscribe function. */
  onWrite(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Stop committing: writes still go into the log but are neither visible nor acknowledged, as when
   * the leader has lost its quorum or its disk is slow. `commitHeld` lets them through.
   */
  holdCommits(): void {
    this.holding = true;
  }

  commitHeld(): void {
    this.holding = false;
    this.commitUpTo(this.records.length);
  }

  /** Forget the recent-ids cache, as a restart does. */
  forgetRecentIds(): void {
    this.recentIds.clear();
  }

  /**
   * Keep only the first `keep` records, as restoring an older backup (or wiping the volume, keep = 0)
   * does; new writes continue from the end of what is kept. A restart comes with it: recent ids go.
   */
  restore(keep: number): void {
    const kept = this.records.slice(0, keep);
    this.records = [];
    this.streams = new Map();
    this.recentIds.clear();
    this.nextLogPosition = FIRST_POSITION;
    this.committedCount = 0;
    this.boundaries.clear();
    for (const record of kept) {
      this.records.push(record);
      const state = this.streams.get(record.stream) ?? { events: [], tombstoned: false };
      if (record.revision === TOMBSTONE_REVISION) state.tombstoned = true;
      else state.events.push(record);
      this.streams.set(record.stream, state);
      if (record.stream.startsWith('$$') && record.type === '$metadata') {
        const truncated = this.streams.get(record.stream.slice(2));
        const tb = (JSON.parse(Buffer.from(record.data).toString('utf8')) as { $tb?: number }).$tb;
        if (truncated && tb !== undefined) truncated.truncateBefore = BigInt(tb);
      }
      this.nextLogPosition = record.end;
      this.markBoundaries(record);
    }
    this.committedCount = this.records.length;
  }

  /** Index of the first committed record strictly after `position`. */
  indexAfter(position: LogPosition): number {
    const i = this.records.findIndex((r) => comparePositions(r, position) > 0);
    return i < 0 || i >= this.committedCount ? this.committedCount : i;
  }

  /**
   * Whether a read may start at `position` (ReadAllEventsForward repositions the chunk reader at its
   * commit position): beyond the end there is simply nothing yet; inside a record, the read fails.
   */
  assertReadableFrom(position: LogPosition): void {
    if (position.commit >= this.nextLogPosition || position.commit < FIRST_POSITION) return;
    if (!this.boundaries.has(position.commit)) throw new InvalidPositionFault(position);
  }

  append(stream: string, expected: Expected, events: readonly ProposedEvent[]): WriteOutcome {
    const state = this.writableState(stream);
    const retried = this.findRetry(state, expected, events);
    if (retried) {
      if (retried.kind === 'success' && retried.last >= this.committedCount) return { kind: 'dropped' };
      return retried;
    }
    const last = BigInt(state.events.length - 1);
    if (!this.expectationHolds(state, expected)) {
      return { kind: 'wrong-expected-version', current: exists(state) ? last : undefined };
    }
    if (events.length === 0) {
      return { kind: 'success', revision: last, position: this.headPosition(), last: this.committedCount - 1 };
    }
    const written = this.write(stream, last + 1n, events);
    for (const record of written) state.events.push(record);
    this.streams.set(stream, state);
    const lastRecord = written[written.length - 1];
    this.commitUpTo(this.records.length);
    return { kind: 'success', revision: lastRecord.revision, position: lastRecord, last: lastRecord.index };
  }

  /** Soft delete: hides the stream's events by writing `$tb` into its metadata stream `$$<stream>`. */
  softDelete(stream: string, expected: Expected): WriteOutcome {
    const state = this.writableState(stream);
    const last = BigInt(state.events.length - 1);
    if (!this.expectationHolds(state, expected)) {
      return { kind: 'wrong-expected-version', current: exists(state) ? last : undefined };
    }
    state.truncateBefore = last + 1n;
    this.streams.set(stream, state);
    const metadata = this.appendDirectly(`$$${stream}`, '$metadata', { $tb: Number(last + 1n) });
    return { kind: 'success', revision: last, position: metadata, last: metadata.index };
  }

  /** Hard delete: a `$streamDeleted` event at the maximum revision; the stream can never be written again. */
  tombstone(stream: string, expected: Expected): WriteOutcome {
    const state = this.writableState(stream);
    const last = BigInt(state.events.length - 1);
    if (!this.expectationHolds(state, expected)) {
      return { kind: 'wrong-expected-version', current: exists(state) ? last : undefined };
    }
    state.tombstoned = true;
    this.streams.set(stream, state);
    const [record] = this.write(stream, TOMBSTONE_REVISION, [jsonEvent('$streamDeleted', {})]);
    this.commitUpTo(this.records.length);
    return { kind: 'success', revision: last, position: record, last: record.index };
  }

  /**
   * Writes straight into the log, as the server's own subsystems (stats, settings, projections) or
   * another writer would. Objects are stored as JSON, bytes as they are.
   */
  appendDirectly(stream: string, type: string, data: Record<string, unknown> | Uint8Array): LogRecord {
    const event =
      data instanceof Uint8Array
        ? { ...jsonEvent(type, {}), contentType: 'application/octet-stream', data }
        : jsonEvent(type, data);
    const outcome = this.append(stream, { kind: 'any' }, [event]);
    if (outcome.kind !== 'success') throw new Error('unreachable: "any" always succeeds');
    return this.records[outcome.last];
  }

  /**
   * Events of a stream as of the first `visible` records of the log (default: all committed ones), or
   * 'not-found' for a stream that does not exist there (or was soft-deleted).
   */
  readStream(
    stream: string,
    from: StreamFrom,
    direction: Direction,
    count: bigint,
    visible = this.committedCount,
  ): LogRecord[] | 'not-found' {
    const state = this.streams.get(stream);
    if (state?.tombstoned) throw new StreamDeletedFault(stream);
    if (!state) return 'not-found';
    const seen = state.events.filter((r) => r.index < visible);
    const truncateBefore = Number(state.truncateBefore ?? 0n);
    if (seen.length <= truncateBefore) return 'not-found';
    const shown = seen.slice(truncateBefore);
    let selected: LogRecord[];
    if (direction === 'forwards') {
      const start = from.kind === 'revision' ? from.revision : from.kind === 'end' ? BigInt(seen.length) : 0n;
      selected = shown.filter((r) => r.revision >= start);
    } else {
      const start = from.kind === 'revision' ? from.revision : from.kind === 'start' ? 0n : BigInt(seen.length);
      selected = shown.filter((r) => r.revision <= start).reverse();
    }
    return selected.slice(0, clampCount(count));
  }

  /**
   * `$all` reads over the first `visible` records (default: all committed ones): forwards from a
   * position is inclusive, backwards from a position reads what is before it.
   */
  readAll(
    from: AllFrom,
    direction: Direction,
    count: bigint,
    filter?: EventFilter,
    visible = this.committedCount,
  ): LogRecord[] {
    if (from.kind === 'position') this.assertReadableFrom(from.position);
    const limit = clampCount(count);
    const out: LogRecord[] = [];
    if (direction === 'forwards') {
      let i = from.kind === 'start' ? 0 : from.kind === 'end' ? visible : this.indexAtOrAfter(from.position);
      for (; i < visible && out.length < limit; i++) {
        if (matchesFilter(this.records[i], filter)) out.push(this.records[i]);
      }
    } else {
      let i = from.kind === 'start' ? -1 : from.kind === 'end' ? visible - 1 : this.indexAtOrAfter(from.position) - 1;
      for (i = Math.min(i, visible - 1); i >= 0 && out.length < limit; i--) {
        if (matchesFilter(this.records[i], filter)) out.push(this.records[i]);
      }
    }
    return out;
  }

  private headPosition(): LogPosition {
    const last = this.records[this.committedCount - 1];
    return last ?? { commit: this.nextLogPosition, prepare: this.nextLogPosition };
  }

  private indexAtOrAfter(position: LogPosition): number {
    const i = this.records.findIndex((r) => comparePositions(r, position) >= 0);
    return i < 0 ? this.records.length : i;
  }

  private commitUpTo(count: number): void {
    if (this.holding || count <= this.committedCount) return;
    this.committedCount = count;
    for (const listener of [...this.listeners]) listener();
  }

  private writableState(stream: string): StreamState {
    const state = this.streams.get(stream) ?? { events: [], tombstoned: false };
    if (state.tombstoned) throw new StreamDeletedFault(stream);
    return state;
  }

  private expectationHolds(state: StreamState, expected: Expected): boolean {
    const last = BigInt(state.events.length - 1);
    switch (expected.kind) {
      case 'any':
        return true;
      case 'no-stream':
        return !exists(state);
      case 'stream-exists':
        return exists(state);
      case 'revision':
        // A soft-deleted stream still accepts its last revision, and continues from it.
        return expected.revision === last;
    }
  }

  /**
   * The server's idempotency check (IndexWriter.CheckCommit): events already in the stream with the
   * same ids answer like the first write. For an exact revision or 'no-stream' the ids are compared
   * at the place the revision puts them, in the stream itself (durable). For 'any' and 'stream-exists'
   * only the bounded cache of recent ids is asked: an id it has forgotten is written again. A partial
   * match is a conflict.
   */
  private findRetry(
    state: StreamState,
    expected: Expected,
    events: readonly ProposedEvent[],
  ): WriteOutcome | undefined {
    if (events.length === 0) return undefined;
    const lastRevision = BigInt(state.events.length - 1);
    const conflict = (): WriteOutcome => ({
      kind: 'wrong-expected-version',
      current: exists(state) ? lastRevision : undefined,
    });
    let matched: LogRecord[];
    if (expected.kind === 'revision' || expected.kind === 'no-stream') {
      const first = expected.kind === 'revision' ? Number(expected.revision) + 1 : Number(state.truncateBefore ?? 0n);
      if (state.events[first]?.id !== events[0].id) return undefined;
      matched = events.map((_, i) => state.events[first + i]);
      if (!events.every((e, i) => matched[i]?.id === e.id)) return conflict();
    } else {
      const stream = state.events[0]?.stream;
      const places = events.map((e) => this.recentIds.get(e.id));
      if (!places[0] || places[0].stream !== stream) return undefined;
      if (!places.every((p, i) => p && p.stream === stream && p.revision === places[0]!.revision + BigInt(i))) {
        return conflict();
      }
      matched = places.map((p) => state.events[Number(p!.revision)]);
    }
    const lastMatched = matched[matched.length - 1];
    return { kind: 'success', revision: lastMatched.revision, position: lastMatched, last: lastMatched.index };
  }

  /**
   * Servers write gRPC appends as self-committed prepares: each event's position is its own log
   * position, commit = prepare. With `explicitTransactions`, an append is laid out the way transactions
   * of the old TCP protocol are: prepares, then one commit record whose position they all share, so
   * `$all` order is (commit, prepare). Either way commit >= prepare and positions only grow.
   */
  private write(stream: string, firstRevision: bigint, events: readonly ProposedEvent[]): LogRecord[] {
    const spans = events.map((e) => {
      const at = this.nextLogPosition;
      this.nextLogPosition += 64n + BigInt(stream.length + e.type.length + e.data.length + e.metadata.length);
      return { at, end: this.nextLogPosition };
    });
    let commit: bigint | undefined;
    if (this.options.explicitTransactions) {
      commit = this.nextLogPosition;
      this.nextLogPosition += 32n;
    }
    const created = BigInt(Date.now()) * 10_000n;
    const written = events.map<LogRecord>((e, i) => ({
      index: this.records.length + i,
      end: i === events.length - 1 ? this.nextLogPosition : spans[i].end,
      stream,
      revision: firstRevision + BigInt(i),
      id: e.id,
      type: e.type,
      contentType: e.contentType,
      data: e.data,
      metadata: e.metadata,
      commit: commit ?? spans[i].at,
      prepare: spans[i].at,
      created,
    }));
    this.records.push(...written);
    for (const record of written) {
      this.markBoundaries(record);
      this.remember(record);
    }
    return written;
  }

  private markBoundaries(record: LogRecord): void {
    this.boundaries.add(record.prepare);
    this.boundaries.add(record.commit);
    this.boundaries.add(record.end);
  }

  private remember(record: LogRecord): void {
    this.recentIds.delete(record.id);
    this.recentIds.set(record.id, { stream: record.stream, revision: record.revision });
    if (this.recentIds.size > this.idCacheSize) {
      this.recentIds.delete(this.recentIds.keys().next().value as string);
    }
  }
}

function exists(state: StreamState): boolean {
  return state.events.length > Number(state.truncateBefore ?? 0n);
}

function clampCount(count: bigint): number {
  return count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
}

function jsonEvent(type: string, data: Record<string, unknown>): ProposedEvent {
  return {
    id: randomUUID(),
    type,
    contentType: 'application/json',
    data: Buffer.from(JSON.stringify(data)),
    metadata: new Uint8Array(),
  };
}
