import {
  ANY,
  AccessDeniedError,
  BACKWARDS,
  CancelledError,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  FORWARDS,
  InvalidArgumentError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  UnsupportedError,
  WrongExpectedVersionError,
  convertToCommandError,
  isCommandError,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type Position as EsdbPosition,
} from '@eventstore/db-client';
import { setTimeout as delay } from 'node:timers/promises';
import {
  AppendOutcomeUnknownError,
  AppendResult,
  AppendTooLargeError,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  MAX_APPEND_BYTES,
  Position,
  PositionNotInLogError,
  ReadAllOptions,
  StoreFailure,
  StoreUnavailableError,
  StoredEvent,
  Subscription,
  SubscriptionMessage,
  WrongExpectedRevisionError,
} from '../event-store';

export interface EsdbEventStoreOptions {
  /** Tries per read or append before a transient error is given up on. Default 5. */
  readonly maxAttempts?: number;
  /** First backoff delay; it doubles per try up to `maxDelayMs`. Default 100. */
  readonly baseDelayMs?: number;
  /** Default 5000. */
  readonly maxDelayMs?: number;
  /**
   * A try that has not settled by then is abandoned and retried. The client's own deadlines do not
   * cover everything: BatchAppend and stream reads run without one, and 6.2.1's Append can swallow
   * a failure to start the call. Default 15000 (the client's default deadline is 10000).
   */
  readonly attemptTimeoutMs?: number;
  /** The server's MaxAppendSize, when it is not EventStoreDB's default of 1 MiB. */
  readonly maxAppendBytes?: number;
  /** Told about every retry and resubscription, for logs and metrics. */
  readonly onRetry?: (retry: RetryNotice) => void;
}

export interface RetryNotice {
  readonly operation: 'append' | 'read' | 'subscription';
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

/** Server-side filter for live subscriptions: every stream the server writes itself starts with `$`. */
const LEDGER_STREAMS = '^[^$]';

/** Page size of a subscription's catch-up reads. */
const CATCH_UP_PAGE = 500;

/** The fewest records a read of `$all` asks for, so that a few system records do not cost a call each. */
const MIN_PAGE = 16;

/**
 * The EventStoreDB adapter, on `@eventstore/db-client` 6.2.1 (needs a server >= 22.6, which returns
 * positions on stream reads).
 *
 * Every call asks for the leader ("requires-leader"): a follower would forward the writes but answer
 * reads from its own, possibly older, copy, and the reads here feed decisions (the revision to append
 * at, the idempotency claim, the head position). A follower answers with the leader's address and the
 * client reconnects there.
 *
 * Reads of `$all` go through the client's public readAll, which has no filter in 6.2.1: records of
 * system streams (`$…`) and system event types are dropped here. Subscriptions do not rely on the
 * server's caught-up message (only servers >= 23.10 send it): they page through reads until one comes
 * back short, report caught-up, then open a live subscription (filtered on the server by stream name)
 * from the last delivered position. After a loss they do the same from that position.
 */
export class EsdbEventStore implements EventStore {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly attemptTimeoutMs: number;
  private readonly maxAppendBytes: number;
  private readonly onRetry?: (retry: RetryNotice) => void;
  private readonly closing = new AbortController();
  private readonly subscriptions = new Set<AbortController>();

  constructor(
    private readonly client: EventStoreDBClient,
    options: EsdbEventStoreOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 5000;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 15_000;
    this.maxAppendBytes = options.maxAppendBytes ?? MAX_APPEND_BYTES;
    this.onRetry = options.onRetry;
  }

  static connect(connectionString: string, options?: EsdbEventStoreOptions): EsdbEventStore {
    // With it, 6.2.1's BatchAppend path reports a wrong revision instead of failing; conflicts must throw.
    if (/throwOnAppendFailure=false/i.test(connectionString)) {
      throw new Error('throwOnAppendFailure=false is not supported: conflicts must raise an error');
    }
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new Error('append needs at least one event');
    // Metadata is serialised once, counted and sent as those bytes; the client serialises the data itself.
    let size = 0;
    const payload = events.map((e) => {
      const metadata = utf8(JSON.stringify(e.metadata));
      size += metadata.length + Buffer.byteLength(JSON.stringify(e.data), 'utf8') + e.type.length * 2;
      // The caller's ids go to the server, so a retry of a lost reply is recognised there and not written twice.
      return jsonEvent({ id: e.id, type: e.type, data: e.data, metadata });
    });
    // Refused here, before sending: the server would refuse it without a retry helping. Counted as
    // appendSize counts (the port's definition), which the contract suite holds every store to.
    if (size > this.maxAppendBytes) throw new AppendTooLargeError(stream, size, this.maxAppendBytes);
    // Only exact revisions are checked for retries durably; for 'any' and 'stream-exists' the server
    // remembers recent ids in memory only, so a retry after an unknown outcome could write twice.
    const retrySafe = expected !== 'any' && expected !== 'stream-exists';
    try {
      const result = await this.withRetry(
        'append',
        () =>
          this.client.appendToStream(stream, payload, {
            expectedRevision: toClientRevision(expected),
            requiresLeader: true,
          }),
        (failure) => retrySafe || !failure.maybeWritten,
      );
      // Only with throwOnAppendFailure=false, which connect() refuses; a conflict either way.
      if (!result.success) throw new WrongExpectedRevisionError(stream, expected, undefined);
      const nextRevision = toNumber(result.nextExpectedRevision);
      // A server may answer an idempotent retry without a position; the event itself has one.
      const position = result.position
        ? encodePosition(result.position)
        : (await this.readStream(stream, { fromRevision: nextRevision, maxCount: 1 }))[0]?.position;
      if (!position) throw new Error(`appended to ${stream} but cannot find revision ${nextRevision}`);
      return { nextRevision, position };
    } catch (error) {
      if (error instanceof GaveUp) {
        if (error.maybeWritten) {
          throw new AppendOutcomeUnknownError(
            stream,
            `the append to ${stream} may or may not have been written (${error.describe()}); ` +
              'retry it with the same event ids and expected revision',
            { cause: error.last },
          );
        }
        throw new StoreUnavailableError(error.failure, `nothing was appended to ${stream}: ${error.describe()}`, {
          cause: error.last,
        });
      }
      const converted = asCommandError(error);
      if (converted instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(stream, expected, actualRevision(converted.actualVersion));
      }
      if (converted instanceof MaxAppendSizeExceededError) {
        throw new AppendTooLargeError(stream, size, converted.maxAppendSize ?? this.maxAppendBytes);
      }
      throw converted;
    }
  }

  async readStream(stream: string, options: { fromRevision?: number; maxCount?: number } = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    return this.reading(async (abandoned) => {
      const read = this.client.readStream(stream, {
        fromRevision: BigInt(options.fromRevision ?? 0),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
        direction: FORWARDS,
        requiresLeader: true,
      });
      abandoned.addEventListener('abort', () => void read.cancel().catch(() => undefined));
      // Read to the end before converting, so that a bad event does not leave the call half-read.
      const recorded: ClientRecordedEvent[] = [];
      try {
        for await (const resolved of read) if (resolved.event) recorded.push(resolved.event);
      } catch (error) {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      }
      return recorded.map(fromClientEvent);
    });
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    if (options.maxCount <= 0) return [];
    const after = options.after === undefined ? undefined : decodePosition(options.after);
    const events: StoredEvent[] = [];
    // The server reads from a position inclusively, so the record at `after` comes first: an empty
    // first page means the log holds nothing at or after it.
    let cursor = after;
    for (let first = true; events.length < options.maxCount; first = false) {
      const want = Math.max(options.maxCount - events.length + 1, MIN_PAGE);
      let page: StoredRecord[];
      try {
        page = await this.readRecords(cursor ?? START, FORWARDS, want);
      } catch (error) {
        if (options.after && isInvalidPosition(error)) {
          throw new PositionNotInLogError(options.after, await this.headPosition().catch(() => undefined), {
            cause: error,
          });
        }
        throw error;
      }
      if (first && options.after && page.length === 0) await this.assertInLog(options.after);
      for (const record of page) {
        if (cursor && comparePositions(record.position, cursor) <= 0) continue;
        cursor = record.position;
        if (record.event) events.push(record.event);
        if (events.length === options.maxCount) break;
      }
      if (page.length < want) break;
    }
    return events;
  }

  async headPosition(): Promise<Position | undefined> {
    this.assertOpen();
    let cursor: EsdbPosition | typeof END = END;
    // Usually the newest record is the ledger's own: ask for one, and for more only past system records.
    for (let want = 1; ; want = Math.min(want * 8, 512)) {
      const page = await this.readRecords(cursor, BACKWARDS, want);
      for (const record of page) {
        if (cursor !== END && comparePositions(record.position, cursor) >= 0) continue;
        if (record.event) return record.event.position;
        cursor = record.position;
      }
      if (page.length < want) return undefined;
    }
  }

  comparePositions(a: Position, b: Position): number {
    return comparePositions(decodePosition(a), decodePosition(b));
  }

  subscribeToAll(options: { after?: Position }): Subscription {
    const stop = new AbortController();
    this.subscriptions.add(stop);
    const follow = this.follow(options.after, stop.signal);
    const subscriptions = this.subscriptions;
    const messages = (async function* () {
      try {
        yield* follow;
      } finally {
        subscriptions.delete(stop);
      }
    })();
    return {
      [Symbol.asyncIterator]: () => messages,
      close: async () => {
        stop.abort();
        subscriptions.delete(stop);
        await messages.return(undefined);
      },
    };
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    for (const stop of this.subscriptions) stop.abort();
    this.subscriptions.clear();
    await this.client.dispose();
    // dispose() cancels the calls it tracks but leaves the channel, and its connection, open; the
    // client has no public way to close it (getChannel is protected in 6.2.1, pinned exactly).
    try {
      (await (this.client as unknown as { getChannel(): Promise<{ close(): void }> }).getChannel()).close();
    } catch {
      // No channel could be made (e.g. discovery failed): nothing is open.
    }
  }

  /** Fails with PositionNotInLogError when `position` lies beyond the newest ledger event. */
  private async assertInLog(position: Position): Promise<void> {
    const head = await this.headPosition();
    if (head === undefined || this.comparePositions(position, head) > 0)
      throw new PositionNotInLogError(position, head);
  }

  /** Catch up by reads, say so once, follow live; after a loss, resume from the last delivered event. */
  private async *follow(from: Position | undefined, signal: AbortSignal): AsyncGenerator<SubscriptionMessage> {
    const stopped = AbortSignal.any([signal, this.closing.signal]);
    let last = from;
    let caughtUp = false;
    let failures = 0;
    while (!stopped.aborted) {
      let live: AllStreamSubscription | undefined;
      let lostBecause: unknown = new Error('the server ended the subscription');
      try {
        for (;;) {
          const page = await abortable(this.readAll({ after: last, maxCount: CATCH_UP_PAGE }), stopped);
          if (page === ABORTED) return;
          for (const event of page) {
            yield { kind: 'event', event };
            last = event.position;
            failures = 0;
          }
          if (page.length < CATCH_UP_PAGE) break;
        }
        if (!caughtUp) {
          caughtUp = true;
          yield { kind: 'caught-up' };
        }
        // The server catches this subscription up on whatever was written since the last read.
        live = this.client.subscribeToAll({
          fromPosition: last === undefined ? START : decodePosition(last),
          filter: streamNameFilter({ regex: LEDGER_STREAMS }),
          requiresLeader: true,
        });
        for await (const resolved of drain<AllStreamResolvedEvent>(live, stopped)) {
          if (!resolved.event || !isLedgerRecord(resolved.event)) continue;
          const event = fromClientEvent(resolved.event);
          // Servers start after the position already; this guards against one that would repeat it.
          if (last !== undefined && this.comparePositions(event.position, last) <= 0) continue;
          yield { kind: 'event', event };
          last = event.position;
          failures = 0;
        }
      } catch (error) {
        if (!isResumable(error) && !stopped.aborted) throw error;
        lostBecause = error;
      } finally {
        live?.unsubscribe().catch(() => undefined);
      }
      if (stopped.aborted) return;
      failures += 1;
      const delayMs = this.backoff(failures);
      this.onRetry?.({ operation: 'subscription', attempt: failures, delayMs, error: lostBecause });
      if (!(await sleep(delayMs, stopped))) return;
    }
  }

  /** Records of `$all` in one direction, each with its ledger event or none for a system record. */
  private readRecords(
    from: typeof START | typeof END | EsdbPosition,
    direction: typeof FORWARDS | typeof BACKWARDS,
    count: number,
  ): Promise<StoredRecord[]> {
    return this.reading(async (abandoned) => {
      const read = this.client.readAll({ fromPosition: from, direction, maxCount: count, requiresLeader: true });
      abandoned.addEventListener('abort', () => void read.cancel().catch(() => undefined));
      const recorded: (ClientRecordedEvent & { position: EsdbPosition })[] = [];
      for await (const resolved of read) if (resolved.event?.position) recorded.push(resolved.event);
      return recorded.map((event) => ({
        position: event.position,
        event: isLedgerRecord(event) ? fromClientEvent(event) : undefined,
      }));
    });
  }

  /** A read with retries; when they run out, the store is unavailable. */
  private async reading<T>(attempt: (abandoned: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await this.withRetry('read', attempt, () => true);
    } catch (error) {
      if (!(error instanceof GaveUp)) throw error;
      throw new StoreUnavailableError(error.failure, `EventStoreDB could not be read: ${error.describe()}`, {
        cause: error.last,
      });
    }
  }

  /**
   * Runs `attempt` until it succeeds, fails for good (thrown as it is), or has failed transiently
   * `maxAttempts` times or in a way `mayRetry` refuses (thrown as GaveUp, with every failure seen).
   */
  private async withRetry<T>(
    operation: 'append' | 'read',
    attempt: (abandoned: AbortSignal) => Promise<T>,
    mayRetry: (failure: TransientFailure) => boolean,
  ): Promise<T> {
    const failures: TransientFailure[] = [];
    for (let tried = 1; ; tried++) {
      // Only reads can be cancelled; an append is just no longer waited for.
      const abandon = operation === 'read' ? new AbortController() : undefined;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<typeof ABORTED>((resolve) => {
        timer = setTimeout(() => {
          abandon?.abort();
          resolve(ABORTED);
        }, this.attemptTimeoutMs);
      });
      try {
        const outcome = await Promise.race([attempt(abandon?.signal ?? NEVER), timedOut]);
        if (outcome === ABORTED) throw new AttemptTimeoutError(operation, this.attemptTimeoutMs);
        return outcome;
      } catch (error) {
        const failure = classify(error);
        if (!failure) throw error;
        failures.push(failure);
        if (tried >= this.maxAttempts || !mayRetry(failure) || this.closing.signal.aborted) {
          throw new GaveUp(operation, failures);
        }
        const delayMs = this.backoff(tried);
        this.onRetry?.({ operation, attempt: tried, delayMs, error: failure.error });
        if (!(await sleep(delayMs, this.closing.signal))) throw new GaveUp(operation, failures);
      } finally {
        clearTimeout(timer);
      }
    }
  }

  /** Exponential with jitter, so that many clients do not come back in step. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  private assertOpen(): void {
    if (this.closing.signal.aborted) throw new Error('event store is closed');
  }
}

interface StoredRecord {
  readonly position: EsdbPosition;
  /** Undefined for a record of the server's own (a `$` stream or a `$` event type). */
  readonly event?: StoredEvent;
}

/** System streams start with `$`; so do the event types the server writes into other streams (`$streamDeleted`). */
function isLedgerRecord(event: { streamId: string; type: string }): boolean {
  return !event.streamId.startsWith('$') && !event.type.startsWith('$');
}

// --- failures -------------------------------------------------------------------------------------

/**
 * A failure worth another try, and what it says about a write:
 * - 'not-ready' / 'busy': the node turned the request away (starting, electing, shutting down, a
 *   resigning leader, no leader, a follower redirecting): nothing was written;
 * - 'unreachable': no connection could be made: nothing was sent;
 * - 'lost': the call broke or went unanswered after it may have reached the server;
 * - 'timeout': the server's write timeout: the write may still commit (Streams.BatchAppend.cs).
 */
interface TransientFailure {
  readonly kind: 'not-ready' | 'busy' | 'unreachable' | 'lost' | 'timeout';
  readonly maybeWritten: boolean;
  readonly error: unknown;
}

const NOT_READY = /Server Is Not Ready|No leader info available/i;
const BUSY = /Server Is (Too )?Busy/i;
const NOT_CONNECTED =
  /No connection established|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|Failed to discover|Channel has been shut down/i;

function classify(raw: unknown): TransientFailure | undefined {
  const error = asCommandError(raw);
  const message = error instanceof Error ? error.message : String(error);
  const failure = (kind: TransientFailure['kind']): TransientFailure => ({
    kind,
    maybeWritten: kind === 'lost' || kind === 'timeout',
    error,
  });
  // In-band BatchAppend refusals reach the 6.2.1 client as UnknownError("Could not recognize …").
  if (NOT_READY.test(message)) return failure('not-ready');
  if (BUSY.test(message)) return failure('busy');
  if (error instanceof NotLeaderError) return failure('not-ready');
  if (error instanceof DeadlineExceededError || error instanceof TimeoutError) return failure('timeout');
  if (error instanceof AttemptTimeoutError || error instanceof CancelledError) return failure('lost');
  if (NOT_CONNECTED.test(message)) return failure('unreachable');
  if (error instanceof UnavailableError) return failure('lost');
  return undefined;
}

/** Thrown inside the adapter when retries run out; turned into the port's errors at its edge. */
class GaveUp extends Error {
  readonly last: unknown;
  readonly maybeWritten: boolean;
  readonly failure: StoreFailure;
  constructor(
    operation: string,
    private readonly failures: readonly TransientFailure[],
  ) {
    super(`${operation} gave up`);
    const last = failures[failures.length - 1];
    this.last = last.error;
    this.maybeWritten = failures.some((f) => f.maybeWritten);
    this.failure = last.kind === 'not-ready' ? 'not-ready' : last.kind === 'busy' ? 'busy' : 'unreachable';
  }

  describe(): string {
    const last = this.last instanceof Error ? this.last.message : String(this.last);
    return `${this.failures.length} ${this.failures.length === 1 ? 'try' : 'tries'}, the last: ${last}`;
  }
}

/** The client's typed error for a raw gRPC error; anything else unchanged. */
function asCommandError(error: unknown): unknown {
  return error instanceof Error ? convertToCommandError(error) : error;
}

/** RpcExceptions.InvalidPositionException: a read from inside a record of the log. */
function isInvalidPosition(error: unknown): boolean {
  const cause = error instanceof StoreUnavailableError ? error.cause : error;
  return cause instanceof Error && /invalid position/i.test(cause.message);
}

/** A subscription resumes after anything the server or the network does, not after refusals or bad data. */
function isResumable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  const e = asCommandError(error);
  if (classify(e)) return true;
  if (!(e instanceof Error) || !isCommandError(e)) return false;
  return !(e instanceof AccessDeniedError || e instanceof InvalidArgumentError || e instanceof UnsupportedError);
}

function toClientRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'stream-exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

function actualRevision(actual: unknown): number | undefined {
  if (actual === NO_STREAM) return -1;
  return typeof actual === 'bigint' ? toNumber(actual) : undefined;
}

function toNumber(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`revision ${value} is beyond what this ledger can count`);
  return n;
}

// --- positions: "<commit>/<prepare>", compared as that pair ---------------------------------------

function encodePosition(position: EsdbPosition): Position {
  return `${position.commit}/${position.prepare}` as Position;
}

function decodePosition(position: Position): EsdbPosition {
  const match = /^(\d+)\/(\d+)$/.exec(position);
  if (!match) throw new Error(`not a position of this store: ${position}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

function comparePositions(a: EsdbPosition, b: EsdbPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

// --- events -------------------------------------------------------------------------------------

interface ClientRecordedEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: EsdbPosition;
}

function fromClientEvent(event: ClientRecordedEvent): StoredEvent {
  if (!event.position) throw new Error(`the server sent no position for ${event.streamId}@${event.revision}`);
  return {
    id: event.id,
    stream: event.streamId,
    revision: toNumber(event.revision),
    position: encodePosition(event.position),
    type: event.type,
    data: asJsonObject(event.data, event),
    metadata: event.metadata === undefined ? {} : asJsonObject(event.metadata, event),
  };
}

/** The ledger writes JSON objects; bytes are parsed, anything else is not one of its events. */
function asJsonObject(
  value: unknown,
  event: Pick<ClientRecordedEvent, 'streamId' | 'revision'>,
): Record<string, unknown> {
  let parsed = value;
  if (value instanceof Uint8Array) {
    try {
      parsed = JSON.parse(Buffer.from(value).toString('utf8'));
    } catch {
      throw new UnreadableEventError(event.streamId, event.revision);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UnreadableEventError(event.streamId, event.revision);
  }
  return parsed as Record<string, unknown>;
}

/** A try that neither succeeded nor failed in time; like a lost reply, it is safe to repeat. */
export class AttemptTimeoutError extends Error {
  constructor(operation: string, ms: number) {
    super(`${operation} did not settle within ${ms} ms`);
    this.name = 'AttemptTimeoutError';
  }
}

export class UnreadableEventError extends Error {
  constructor(stream: string, revision: bigint) {
    super(`event ${stream}@${revision} does not hold a JSON object`);
    this.name = 'UnreadableEventError';
  }
}

// --- async plumbing ---------------------------------------------------------------------------------

const ABORTED = Symbol('aborted');
const NEVER = new AbortController().signal;

function utf8(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'utf8');
  // A plain Uint8Array: the client sends those as they are, but serialises a Buffer as JSON.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.resolve(ABORTED);
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => undefined);
      resolve(ABORTED);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** The part of a Readable that `drain` uses (the client is typed against another @types/node). */
interface ItemSource {
  on(event: string, listener: (...args: never[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  isPaused(): boolean;
}

/**
 * Items of a readable as an async generator that ends when the readable ends or `signal` aborts, and
 * throws what the readable emits as an error. Pauses the readable while the consumer is behind.
 */
async function* drain<T>(source: ItemSource, signal: AbortSignal, highWater = 64): AsyncGenerator<T> {
  const buffered: T[] = [];
  let failure: { error: unknown } | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  source.on('data', (item: T) => {
    buffered.push(item);
    if (buffered.length >= highWater) source.pause();
    notify();
  });
  source.on('error', (error: unknown) => {
    failure ??= { error };
    notify();
  });
  source.on('end', () => {
    ended = true;
    notify();
  });
  source.on('close', () => {
    ended = true;
    notify();
  });
  signal.addEventListener('abort', notify);
  try {
    for (;;) {
      if (signal.aborted) return;
      if (buffered.length > 0) {
        const item = buffered.shift() as T;
        if (source.isPaused() && buffered.length < highWater / 2) source.resume();
        yield item;
      } else if (failure) {
        throw failure.error;
      } else if (ended) {
        return;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  } finally {
    signal.removeEventListener('abort', notify);
  }
}
