import {
  ANY,
  AccessDeniedError,
  BACKWARDS,
  CancelledError,
  DeadlineExceededError,
  EventStoreDBClient,
  FORWARDS,
  InvalidArgumentError,
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
  eventTypeFilter,
  isCommandError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type Position as EsdbPosition,
} from '@eventstore/db-client';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Position,
  ReadAllOptions,
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
  /** Page size of a subscription's catch-up reads. Default 500. */
  readonly catchUpPageSize?: number;
  /** Told about every retry and resubscription, for logs and metrics. */
  readonly onRetry?: (retry: RetryNotice) => void;
}

export interface RetryNotice {
  readonly operation: 'append' | 'read' | 'subscription';
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

/** Server-side filter: every event type the server writes itself starts with `$`. */
const LEDGER_EVENT_TYPES = '^[^$]';

/**
 * The EventStoreDB adapter, on `@eventstore/db-client` 6.2.1 (needs a server >= 22.6, which returns
 * positions on stream reads).
 *
 * Subscriptions do not rely on the server's caught-up message (only servers >= 23.10 send it): they
 * page through filtered reads until one comes back short, report caught-up, then open a live
 * subscription from the last delivered position. After a loss they do the same from that position.
 */
export class EsdbEventStore implements EventStore {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly pageSize: number;
  private readonly attemptTimeoutMs: number;
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
    this.pageSize = options.catchUpPageSize ?? 500;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 15_000;
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
    // The caller's ids go to the server, so a retry of a lost reply is recognised there and not written twice.
    const payload = events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata }));
    try {
      const result = await this.withRetry('append', () =>
        this.client.appendToStream(stream, payload, { expectedRevision: toClientRevision(expected) }),
      );
      if (!result.success) throw new WrongExpectedRevisionError(stream, expected, undefined);
      const nextRevision = toNumber(result.nextExpectedRevision);
      // A server may answer an idempotent retry without a position; the event itself has one.
      const position = result.position
        ? encodePosition(result.position)
        : (await this.readStream(stream, { fromRevision: nextRevision, maxCount: 1 }))[0]?.position;
      if (!position) throw new Error(`appended to ${stream} but cannot find revision ${nextRevision}`);
      return { nextRevision, position };
    } catch (error) {
      const converted = asCommandError(error);
      if (converted instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(stream, expected, actualRevision(converted.actualVersion));
      }
      throw converted;
    }
  }

  async readStream(stream: string, options: { fromRevision?: number; maxCount?: number } = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    return this.withRetry('read', async (abandoned) => {
      const events: StoredEvent[] = [];
      const read = this.client.readStream(stream, {
        fromRevision: BigInt(options.fromRevision ?? 0),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
        direction: FORWARDS,
      });
      abandoned.addEventListener('abort', () => void read.cancel().catch(() => undefined));
      try {
        for await (const resolved of read) {
          if (resolved.event) events.push(fromClientEvent(resolved.event));
        }
      } catch (error) {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      }
      return events;
    });
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    if (options.maxCount <= 0) return [];
    const after = options.after === undefined ? undefined : decodePosition(options.after);
    // The server reads from a position inclusively; ask for one more and drop what is not after it.
    const events = await this.readLedgerEvents(after ?? START, FORWARDS, options.maxCount + (after ? 1 : 0));
    return events
      .filter((e) => !after || comparePositions(decodePosition(e.position), after) > 0)
      .slice(0, options.maxCount);
  }

  async headPosition(): Promise<Position | undefined> {
    this.assertOpen();
    const [newest] = await this.readLedgerEvents('end', BACKWARDS, 1);
    return newest?.position;
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
    // dispose() cancels the calls it tracks but leaves the channel, and its connection, open.
    try {
      (await (this.client as unknown as ClientInternals).getChannel()).close();
    } catch {
      // No channel could be made (e.g. discovery failed): nothing is open.
    }
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
          const page = await abortable(this.readAll({ after: last, maxCount: this.pageSize }), stopped);
          if (page === ABORTED) return;
          for (const event of page) {
            yield { kind: 'event', event };
            last = event.position;
            failures = 0;
          }
          if (page.length < this.pageSize) break;
        }
        if (!caughtUp) {
          caughtUp = true;
          yield { kind: 'caught-up' };
        }
        // The server catches this subscription up on whatever was written since the last read.
        live = this.client.subscribeToAll({
          fromPosition: last === undefined ? START : decodePosition(last),
          filter: eventTypeFilter({ regex: LEDGER_EVENT_TYPES }),
        });
        for await (const resolved of drain<AllStreamResolvedEvent>(live, stopped)) {
          if (!resolved.event) continue;
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

  /**
   * `$all` without the server's own events. The client's readAll has no filter in 6.2.1, so this sends
   * the Read request itself, through the client's channel so that reconnection still applies.
   */
  private async readLedgerEvents(
    from: typeof START | 'end' | EsdbPosition,
    direction: typeof FORWARDS | typeof BACKWARDS,
    count: number,
  ): Promise<StoredEvent[]> {
    const request = filteredReadAll(from, direction, count);
    const internals = this.client as unknown as ClientInternals;
    return this.withRetry('read', async (abandoned) => {
      const call = await internals.GRPCStreamCreator(StreamsClient, 'readAll', (client: StreamsClient) =>
        client.read(request, ...internals.callArguments({})),
      )();
      abandoned.addEventListener('abort', () => call.cancel());
      const events: StoredEvent[] = [];
      try {
        for await (const response of call as AsyncIterable<ReadResp>) {
          const recorded = response.getEvent()?.getEvent();
          if (recorded) events.push(fromGrpcEvent(recorded));
        }
      } catch (error) {
        throw asCommandError(error);
      }
      return events;
    });
  }

  /** Runs `attempt` until it succeeds, fails for good, or has failed transiently `maxAttempts` times. */
  private async withRetry<T>(
    operation: 'append' | 'read',
    attempt: (abandoned: AbortSignal) => Promise<T>,
  ): Promise<T> {
    for (let tried = 1; ; tried++) {
      const abandon = new AbortController();
      const timer = setTimeout(() => abandon.abort(), this.attemptTimeoutMs);
      try {
        const outcome = await abortable(attempt(abandon.signal), abandon.signal);
        if (outcome === ABORTED) throw new AttemptTimeoutError(operation, this.attemptTimeoutMs);
        return outcome;
      } catch (error) {
        if (tried >= this.maxAttempts || !isTransient(error) || this.closing.signal.aborted) throw error;
        const delayMs = this.backoff(tried);
        this.onRetry?.({ operation, attempt: tried, delayMs, error });
        if (!(await sleep(delayMs, this.closing.signal))) throw error;
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

type ReadArguments = Parameters<StreamsClient['read']>;

/** What this adapter uses of the client beyond its typed API (present in 6.2.1, pinned exactly). */
interface ClientInternals {
  GRPCStreamCreator<T>(
    grpcClient: typeof StreamsClient,
    debugName: string,
    creator: (client: StreamsClient) => T,
  ): () => Promise<T>;
  callArguments(options: object): [ReadArguments[1], ReadArguments[2]];
  getChannel(): Promise<{ close(): void }>;
}

function filteredReadAll(
  from: typeof START | 'end' | EsdbPosition,
  direction: typeof FORWARDS | typeof BACKWARDS,
  count: number,
): ReadReq {
  const all = new ReadReq.Options.AllOptions();
  if (from === START) all.setStart(new Empty());
  else if (from === 'end') all.setEnd(new Empty());
  else {
    const position = new ReadReq.Options.Position();
    position.setCommitPosition(from.commit.toString());
    position.setPreparePosition(from.prepare.toString());
    all.setPosition(position);
  }
  const expression = new ReadReq.Options.FilterOptions.Expression().setRegex(LEDGER_EVENT_TYPES);
  const filter = new ReadReq.Options.FilterOptions()
    .setEventType(expression)
    .setCount(new Empty())
    .setCheckpointintervalmultiplier(1);
  const options = new ReadReq.Options()
    .setAll(all)
    .setReadDirection(
      direction === FORWARDS ? ReadReq.Options.ReadDirection.FORWARDS : ReadReq.Options.ReadDirection.BACKWARDS,
    )
    .setResolveLinks(false)
    .setCount(String(count))
    .setUuidOption(new ReadReq.Options.UUIDOption().setString(new Empty()))
    .setFilter(filter);
  return new ReadReq().setOptions(options);
}

/** Errors worth another try: the request may not have reached the leader, or its reply was lost. */
function isTransient(error: unknown): boolean {
  const e = asCommandError(error);
  return (
    e instanceof UnavailableError ||
    e instanceof DeadlineExceededError ||
    e instanceof NotLeaderError ||
    e instanceof CancelledError ||
    e instanceof TimeoutError ||
    e instanceof AttemptTimeoutError ||
    // The client can hand a call to a channel it has just closed to reconnect.
    (e instanceof Error && /Channel has been shut down/.test(e.message))
  );
}

/** The client's typed error for a raw gRPC error; anything else unchanged. */
function asCommandError(error: unknown): unknown {
  return error instanceof Error ? convertToCommandError(error) : error;
}

/** A subscription resumes after anything the server or the network does, not after refusals or bad data. */
function isResumable(error: unknown): boolean {
  const e = asCommandError(error);
  if (isTransient(e)) return true;
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

function fromGrpcEvent(recorded: ReadResp.ReadEvent.RecordedEvent): StoredEvent {
  const utf8 = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
  const metadata = recorded.getCustomMetadata_asU8();
  return fromClientEvent({
    id: recorded.getId()?.getString() ?? '',
    streamId: utf8(recorded.getStreamIdentifier()?.getStreamName_asU8() ?? new Uint8Array()),
    revision: BigInt(recorded.getStreamRevision()),
    type: recorded.getMetadataMap().get('type') ?? '',
    data: recorded.getData_asU8(),
    metadata: metadata.length === 0 ? undefined : metadata,
    position: { commit: BigInt(recorded.getCommitPosition()), prepare: BigInt(recorded.getPreparePosition()) },
  });
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
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
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
