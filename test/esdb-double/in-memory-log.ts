/**
 * The storage model of the EventStoreDB protocol double: one transaction log holding every stream,
 * with the server's rules for expected revisions, idempotent appends, deletes and `$all` positions.
 * Test-only; nothing here ships.
 */
import { randomUUID } from 'node:crypto';

export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface LogRecord extends LogPosition {
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
  /** `revision` is the stream's last revision written (or found again, on an idempotent retry). */
  | { readonly kind: 'success'; readonly revision: bigint; readonly position: LogPosition }
  /** `current` is undefined when the stream does not exist. */
  | { readonly kind: 'wrong-expected-version'; readonly current: bigint | undefined };

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

/** The revision EventStoreDB gives the tombstone event of a hard-deleted stream. */
export const TOMBSTONE_REVISION = 2n ** 63n - 1n;

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
}

export class InMemoryLog {
  private readonly records: LogRecord[] = [];
  private readonly streams = new Map<string, StreamState>();
  private readonly listeners = new Set<() => void>();
  /** Log positions start past a header, like a real chunk file: no event ever sits at 0/0. */
  private nextLogPosition = 4096n;

  constructor(private readonly options: InMemoryLogOptions = {}) {}

  get length(): number {
    return this.records.length;
  }

  at(index: number): LogRecord {
    return this.records[index];
  }

  /** Called after every write; returns an unsubscribe function. */
  onWrite(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Index of the first record strictly after `position`. */
  indexAfter(position: LogPosition): number {
    const i = this.records.findIndex((r) => comparePositions(r, position) > 0);
    return i < 0 ? this.records.length : i;
  }

  append(stream: string, expected: Expected, events: readonly ProposedEvent[]): WriteOutcome {
    const state = this.writableState(stream);
    const retried = this.findRetry(state, expected, events);
    if (retried) return retried;
    const last = BigInt(state.events.length - 1);
    if (!this.expectationHolds(state, expected)) {
      return { kind: 'wrong-expected-version', current: exists(state) ? last : undefined };
    }
    if (events.length === 0) {
      return { kind: 'success', revision: last, position: this.headPosition() };
    }
    const written = this.write(stream, last + 1n, events);
    for (const record of written) state.events.push(record);
    this.streams.set(stream, state);
    this.notify();
    return { kind: 'success', revision: written[written.length - 1].revision, position: written[written.length - 1] };
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
    return { kind: 'success', revision: last, position: metadata };
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
    this.notify();
    return { kind: 'success', revision: last, position: record };
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
    return this.records[this.records.length - 1];
  }

  /** Events of a stream, or 'not-found' for a stream that does not exist (or was soft-deleted). */
  readStream(stream: string, from: StreamFrom, direction: Direction, count: bigint): LogRecord[] | 'not-found' {
    const state = this.streams.get(stream);
    if (state?.tombstoned) throw new StreamDeletedFault(stream);
    if (!state || !exists(state)) return 'not-found';
    const visible = state.events.slice(Number(state.truncateBefore ?? 0n));
    let selected: LogRecord[];
    if (direction === 'forwards') {
      const start = from.kind === 'revision' ? from.revision : from.kind === 'end' ? BigInt(state.events.length) : 0n;
      selected = visible.filter((r) => r.revision >= start);
    } else {
      const start = from.kind === 'revision' ? from.revision : from.kind === 'start' ? 0n : BigInt(state.events.length);
      selected = visible.filter((r) => r.revision <= start).reverse();
    }
    return selected.slice(0, clampCount(count));
  }

  /** `$all` reads: forwards from a position is inclusive, backwards from a position reads what is before it. */
  readAll(from: AllFrom, direction: Direction, count: bigint, filter?: EventFilter): LogRecord[] {
    const limit = clampCount(count);
    const out: LogRecord[] = [];
    if (direction === 'forwards') {
      let i =
        from.kind === 'start' ? 0 : from.kind === 'end' ? this.records.length : this.indexAtOrAfter(from.position);
      for (; i < this.records.length && out.length < limit; i++) {
        if (matchesFilter(this.records[i], filter)) out.push(this.records[i]);
      }
    } else {
      let i =
        from.kind === 'start'
          ? -1
          : from.kind === 'end'
            ? this.records.length - 1
            : this.indexAtOrAfter(from.position) - 1;
      for (; i >= 0 && out.length < limit; i--) {
        if (matchesFilter(this.records[i], filter)) out.push(this.records[i]);
      }
    }
    return out;
  }

  private headPosition(): LogPosition {
    const last = this.records[this.records.length - 1];
    return last ?? { commit: this.nextLogPosition, prepare: this.nextLogPosition };
  }

  private indexAtOrAfter(position: LogPosition): number {
    const i = this.records.findIndex((r) => comparePositions(r, position) >= 0);
    return i < 0 ? this.records.length : i;
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
   * The server's idempotency check: events already in the stream with the same ids, at the place the
   * expected revision puts them, answer like the first write. A partial match is a conflict.
   */
  private findRetry(
    state: StreamState,
    expected: Expected,
    events: readonly ProposedEvent[],
  ): WriteOutcome | undefined {
    if (events.length === 0) return undefined;
    let first: number;
    if (expected.kind === 'revision' || expected.kind === 'no-stream') {
      first = expected.kind === 'revision' ? Number(expected.revision) + 1 : Number(state.truncateBefore ?? 0n);
      if (state.events[first]?.id !== events[0].id) return undefined;
    } else {
      first = state.events.findIndex((r) => r.id === events[0].id);
      if (first < 0) return undefined;
    }
    const matched = events.every((e, i) => state.events[first + i]?.id === e.id);
    if (!matched) {
      const last = BigInt(state.events.length - 1);
      return { kind: 'wrong-expected-version', current: exists(state) ? last : undefined };
    }
    const lastMatched = state.events[first + events.length - 1];
    return { kind: 'success', revision: lastMatched.revision, position: lastMatched };
  }

  /**
   * Servers write gRPC appends as self-committed prepares: each event's position is its own log
   * position, commit = prepare. With `explicitTransactions`, an append is laid out the way transactions
   * of the old TCP protocol are: prepares, then one commit record whose position they all share, so
   * `$all` order is (commit, prepare). Either way commit >= prepare and positions only grow.
   */
  private write(stream: string, firstRevision: bigint, events: readonly ProposedEvent[]): LogRecord[] {
    const prepares = events.map((e) => {
      const at = this.nextLogPosition;
      this.nextLogPosition += 64n + BigInt(stream.length + e.type.length + e.data.length + e.metadata.length);
      return at;
    });
    let commit: bigint | undefined;
    if (this.options.explicitTransactions) {
      commit = this.nextLogPosition;
      this.nextLogPosition += 32n;
    }
    const created = BigInt(Date.now()) * 10_000n;
    const written = events.map<LogRecord>((e, i) => ({
      stream,
      revision: firstRevision + BigInt(i),
      id: e.id,
      type: e.type,
      contentType: e.contentType,
      data: e.data,
      metadata: e.metadata,
      commit: commit ?? prepares[i],
      prepare: prepares[i],
      created,
    }));
    this.records.push(...written);
    return written;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
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
