/**
 * A test-only EventStoreDB protocol double: an in-process gRPC server that speaks the Streams and
 * ServerFeatures services to the real `@eventstore/db-client` over real HTTP/2 on 127.0.0.1.
 *
 * The service definitions and message classes are the ones generated inside the client package,
 * loaded from that package's own files: google-protobuf registers generated classes globally and the
 * generated serializers check `instanceof`, so a second copy would not interoperate.
 */
import {
  Metadata,
  Server,
  ServerCredentials,
  status,
  type ServerDuplexStream,
  type ServerErrorResponse,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
} from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb';
import type * as StreamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb';
import type * as StatusPb from '@eventstore/db-client/generated/status_pb';
import type * as CodePb from '@eventstore/db-client/generated/code_pb';
import type * as FeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb';
import type * as FeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import type * as AnyPb from 'google-protobuf/google/protobuf/any_pb';
import {
  AllFrom,
  Direction,
  EventFilter,
  Expected,
  InMemoryLog,
  LogPosition,
  LogRecord,
  ProposedEvent,
  StreamDeletedFault,
  StreamFrom,
  WriteOutcome,
  matchesFilter,
} from './in-memory-log';

const clientRoot = dirname(require.resolve('@eventstore/db-client/package.json'));
const generated = <T>(file: string): T => require(join(clientRoot, 'generated', file)) as T;
const pb = generated<typeof StreamsPb>('streams_pb');
const shared = generated<typeof SharedPb>('shared_pb');
const statusPb = generated<typeof StatusPb>('status_pb');
const codePb = generated<typeof CodePb>('code_pb');
const featuresPb = generated<typeof FeaturesPb>('serverfeatures_pb');
const { StreamsService } = generated<typeof StreamsGrpc>('streams_grpc_pb');
const { ServerFeaturesService } = generated<typeof FeaturesGrpc>('serverfeatures_grpc_pb');
const { Any } = require(
  require.resolve('google-protobuf/google/protobuf/any_pb', { paths: [clientRoot] }),
) as typeof AnyPb;

type ReadReq = StreamsPb.ReadReq;
type ReadResp = StreamsPb.ReadResp;

export type RpcName = 'Read' | 'Append' | 'BatchAppend' | 'Delete' | 'Tombstone' | 'GetSupportedMethods';

export interface EsdbDoubleOptions {
  /** Advertise Streams.BatchAppend in ServerFeatures (servers since 21.10 do); the client then appends through it. */
  readonly batchAppend: boolean;
  /** Send the caught-up message on subscriptions (servers since 23.10 do). Default true. */
  readonly caughtUp?: boolean;
  /** Give each append one shared commit position, like old TCP transactions. Default false. */
  readonly explicitTransactions?: boolean;
  readonly serverVersion?: string;
}

export interface Fault {
  /**
   * A gRPC status code; 'not-leader' for the server's leader redirect; 'no-reply' to leave the call
   * (for BatchAppend, the batch) unanswered. Default UNAVAILABLE.
   */
  readonly code?: status | 'not-leader' | 'no-reply';
  /** Apply the write first and fail only the reply, as when a connection drops after the commit. */
  readonly afterApply?: boolean;
  /** How many consecutive calls fail. Default 1. */
  readonly times?: number;
}

export interface EsdbDouble {
  readonly connectionString: string;
  readonly port: number;
  /** The double's log, for writing system events straight into `$all` and for inspection. */
  readonly log: InMemoryLog;
  /** gRPC calls received, per method. */
  readonly calls: Readonly<Record<RpcName, number>>;
  /** Append operations received through BatchAppend: one per completed request, whatever its outcome. */
  readonly batches: number;
  /** Live subscriptions currently being served. */
  openSubscriptions(): number;
  /** Make the next call(s) of an RPC fail; for BatchAppend, the next batch request(s). */
  failNext(rpc: RpcName, fault?: Fault): void;
  clearFaults(): void;
  /** End every open subscription with an error status, as a server does when it drops subscribers. */
  dropSubscriptions(code?: status): number;
  /** Kill every connection and listen again on the same port after `downtimeMs`, keeping the log. */
  restart(downtimeMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface OpenSubscription {
  readonly call: ServerWritableStream<ReadReq, ReadResp>;
  closed: boolean;
  wake?: () => void;
}

export async function startEsdbDouble(options: EsdbDoubleOptions): Promise<EsdbDouble> {
  const log = new InMemoryLog({ explicitTransactions: options.explicitTransactions });
  const calls: Record<RpcName, number> = {
    Read: 0,
    Append: 0,
    BatchAppend: 0,
    Delete: 0,
    Tombstone: 0,
    GetSupportedMethods: 0,
  };
  let batches = 0;
  const faults = new Map<RpcName, Required<Fault>>();
  const subscriptions = new Set<OpenSubscription>();
  const sendCaughtUp = options.caughtUp ?? true;
  let port = 0;

  /** Counts a call and draws the fault injected for it, if any. */
  function received(rpc: RpcName): Required<Fault> | undefined {
    calls[rpc] += 1;
    return takeFault(rpc);
  }

  function takeFault(rpc: RpcName): Required<Fault> | undefined {
    const fault = faults.get(rpc);
    if (!fault) return undefined;
    if (fault.times <= 1) faults.delete(rpc);
    else faults.set(rpc, { ...fault, times: fault.times - 1 });
    return fault;
  }

  /** Fails the call as the fault says; a 'no-reply' fault sends nothing and leaves the call hanging. */
  function fail(fault: Required<Fault>, send: (error: ServerErrorResponse) => void): void {
    if (fault.code !== 'no-reply') send(faultError(fault));
  }

  function faultError(fault: Required<Fault>): ServerErrorResponse {
    if (fault.code === 'no-reply') return rpcError(status.UNAVAILABLE, 'unreachable');
    if (fault.code === 'not-leader') {
      // The server answers NOT_FOUND with the leader's address in the trailers; here the leader is itself.
      return rpcError(status.NOT_FOUND, 'Leader info available', {
        exception: 'not-leader',
        'leader-endpoint-host': '127.0.0.1',
        'leader-endpoint-port': String(port),
      });
    }
    return rpcError(fault.code, `injected fault (${status[fault.code]})`);
  }

  const streamsImpl: StreamsGrpc.IStreamsServer = {
    read(call) {
      const fault = received('Read');
      if (fault) return fail(fault, (error) => call.emit('error', error));
      try {
        serveRead(call);
      } catch (error) {
        call.emit('error', toRpcError(error));
      }
    },

    append(call: ServerReadableStream<StreamsPb.AppendReq, StreamsPb.AppendResp>, callback) {
      const fault = received('Append');
      let header: StreamsPb.AppendReq.Options | undefined;
      const proposed: StreamsPb.AppendReq.ProposedMessage[] = [];
      call.on('data', (req: StreamsPb.AppendReq) => {
        if (req.hasOptions()) header = req.getOptions();
        else if (req.hasProposedMessage()) proposed.push(req.getProposedMessage()!);
      });
      call.on('error', () => undefined);
      call.on('end', () => {
        if (fault && !fault.afterApply) return fail(fault, callback);
        let resp: StreamsPb.AppendResp;
        try {
          if (!header) throw rpcError(status.INVALID_ARGUMENT, 'the first message must carry options');
          const expected = expectedOf(header.getExpectedStreamRevisionCase(), header.getRevision());
          const events = proposed.map(fromProposed);
          resp = appendResp(log.append(streamName(header.getStreamIdentifier()), expected, events), expected);
        } catch (error) {
          return callback(toRpcError(error));
        }
        if (fault) return fail(fault, callback);
        callback(null, resp);
      });
    },

    batchAppend(call: ServerDuplexStream<StreamsPb.BatchAppendReq, StreamsPb.BatchAppendResp>) {
      calls.BatchAppend += 1;
      const pending = new Map<string, { header?: StreamsPb.BatchAppendReq.Options; events: ProposedEvent[] }>();
      call.on('error', () => undefined);
      call.on('end', () => call.end());
      call.on('data', (req: StreamsPb.BatchAppendReq) => {
        try {
          const correlation = uuidOf(req.getCorrelationId());
          const batch = pending.get(correlation) ?? { events: [] };
          if (req.hasOptions()) batch.header = req.getOptions();
          batch.events.push(...req.getProposedMessagesList().map(fromProposed));
          if (!req.getIsFinal()) return void pending.set(correlation, batch);
          pending.delete(correlation);
          batches += 1;
          // Faults are drawn per batch request: the whole bidi call fails, as on a dropped connection.
          const fault = takeFault('BatchAppend');
          if (fault && !fault.afterApply) return fail(fault, (error) => call.emit('error', error));
          if (!batch.header) throw rpcError(status.INVALID_ARGUMENT, 'the first request must carry options');
          const stream = streamName(batch.header.getStreamIdentifier());
          const expected = expectedOf(batch.header.getExpectedStreamPositionCase(), batch.header.getStreamPosition());
          let resp: StreamsPb.BatchAppendResp;
          try {
            resp = batchAppendResp(log.append(stream, expected, batch.events), expected);
          } catch (error) {
            // Failures of one append are answered in-band; the call goes on serving others.
            resp = batchAppendFailure(error);
          }
          if (fault) return fail(fault, (error) => call.emit('error', error));
          resp.setCorrelationId(req.getCorrelationId());
          resp.setStreamIdentifier(batch.header.getStreamIdentifier());
          call.write(resp);
        } catch (error) {
          call.emit('error', toRpcError(error));
        }
      });
    },

    delete(
      call: ServerUnaryCall<StreamsPb.DeleteReq, StreamsPb.DeleteResp>,
      callback: sendUnaryData<StreamsPb.DeleteResp>,
    ) {
      const removed = remove(call.request.getOptions(), received('Delete'), (stream, expected) =>
        log.softDelete(stream, expected),
      );
      if (!removed) return;
      if ('error' in removed) return callback(removed.error);
      callback(null, new pb.DeleteResp().setPosition(toDeletePosition(new pb.DeleteResp.Position(), removed.position)));
    },

    tombstone(
      call: ServerUnaryCall<StreamsPb.TombstoneReq, StreamsPb.TombstoneResp>,
      callback: sendUnaryData<StreamsPb.TombstoneResp>,
    ) {
      const removed = remove(call.request.getOptions(), received('Tombstone'), (stream, expected) =>
        log.tombstone(stream, expected),
      );
      if (!removed) return;
      if ('error' in removed) return callback(removed.error);
      callback(
        null,
        new pb.TombstoneResp().setPosition(toDeletePosition(new pb.TombstoneResp.Position(), removed.position)),
      );
    },
  };

  /**
   * Delete and Tombstone share options and answers; a conflict travels in trailers here.
   * Undefined means: send nothing (a 'no-reply' fault).
   */
  function remove(
    header: StreamsPb.DeleteReq.Options | StreamsPb.TombstoneReq.Options | undefined,
    fault: Required<Fault> | undefined,
    apply: (stream: string, expected: Expected) => WriteOutcome,
  ): { error: ServerErrorResponse } | { position: LogPosition } | undefined {
    const failure = () => (fault!.code === 'no-reply' ? undefined : { error: faultError(fault!) });
    if (fault && !fault.afterApply) return failure();
    try {
      if (!header) throw rpcError(status.INVALID_ARGUMENT, 'options required');
      const stream = streamName(header.getStreamIdentifier());
      const expected = expectedOf(header.getExpectedStreamRevisionCase(), header.getRevision());
      const outcome = apply(stream, expected);
      if (fault) return failure();
      if (outcome.kind !== 'success') return { error: wrongExpectedVersionTrailers(stream, expected, outcome.current) };
      return { position: outcome.position };
    } catch (error) {
      return { error: toRpcError(error) };
    }
  }

  const featuresImpl: FeaturesGrpc.IServerFeaturesServer = {
    getSupportedMethods(_call, callback) {
      const fault = received('GetSupportedMethods');
      if (fault) return fail(fault, callback);
      const methods = new featuresPb.SupportedMethods();
      methods.setEventStoreServerVersion(
        options.serverVersion ?? (options.batchAppend ? '24.10.0-double' : '21.6.0-double'),
      );
      const streamsMethods = ['read', 'append', 'delete', 'tombstone', ...(options.batchAppend ? ['batchappend'] : [])];
      for (const name of streamsMethods) {
        const method = new featuresPb.SupportedMethod();
        method.setServiceName('event_store.client.streams.streams');
        method.setMethodName(name);
        methods.addMethods(method);
      }
      callback(null, methods);
    },
  };

  function serveRead(call: ServerWritableStream<ReadReq, ReadResp>): void {
    const readOptions = call.request.getOptions();
    if (!readOptions) throw rpcError(status.INVALID_ARGUMENT, 'options required');
    const uuidAsString = readOptions.getUuidOption()?.hasString() ?? false;
    const direction: Direction =
      readOptions.getReadDirection() === pb.ReadReq.Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards';
    const filter = readOptions.hasFilter() ? filterOf(readOptions.getFilter()!) : undefined;
    const isSubscription = readOptions.getCountOptionCase() === pb.ReadReq.Options.CountOptionCase.SUBSCRIPTION;

    if (readOptions.hasStream()) {
      const streamOptions = readOptions.getStream()!;
      const stream = streamName(streamOptions.getStreamIdentifier());
      const from: StreamFrom = streamOptions.hasRevision()
        ? { kind: 'revision', revision: BigInt(streamOptions.getRevision()) }
        : streamOptions.hasEnd()
          ? { kind: 'end' }
          : { kind: 'start' };
      if (isSubscription) {
        // Stream subscriptions start after the given revision, like `$all` ones start after a position.
        const after = from.kind === 'revision' ? from.revision : from.kind === 'end' ? lastRevision(stream) : -1n;
        const selects = (r: LogRecord) => r.stream === stream && r.revision > after;
        return void follow(call, 0, selects, undefined, uuidAsString, false).catch(() => call.end());
      }
      const result = log.readStream(stream, from, direction, BigInt(readOptions.getCount()));
      if (result === 'not-found') {
        const notFound = new pb.ReadResp.StreamNotFound();
        notFound.setStreamIdentifier(streamOptions.getStreamIdentifier());
        call.write(new pb.ReadResp().setStreamNotFound(notFound));
      } else {
        for (const record of result) call.write(eventResp(record, uuidAsString, false));
      }
      return void call.end();
    }

    const allOptions = readOptions.getAll();
    if (!allOptions) throw rpcError(status.INVALID_ARGUMENT, 'stream or $all required');
    const from: AllFrom = allOptions.hasPosition()
      ? { kind: 'position', position: positionOf(allOptions.getPosition()!) }
      : allOptions.hasEnd()
        ? { kind: 'end' }
        : { kind: 'start' };
    if (isSubscription) {
      // `$all` subscriptions are exclusive of their start position.
      const start = from.kind === 'position' ? log.indexAfter(from.position) : from.kind === 'end' ? log.length : 0;
      const window = filter ? (readOptions.getFilter()!.hasMax() ? readOptions.getFilter()!.getMax() : 32) : 0;
      const checkpointEvery = filter
        ? window * Math.max(1, readOptions.getFilter()!.getCheckpointintervalmultiplier())
        : undefined;
      const selects = (r: LogRecord) => matchesFilter(r, filter);
      return void follow(call, start, selects, checkpointEvery, uuidAsString, true).catch(() => call.end());
    }
    for (const record of log.readAll(from, direction, BigInt(readOptions.getCount()), filter)) {
      call.write(eventResp(record, uuidAsString, true));
    }
    call.end();
  }

  /** Catch-up then live delivery of one subscription, with backpressure, checkpoints and caught-up. */
  async function follow(
    call: ServerWritableStream<ReadReq, ReadResp>,
    startIndex: number,
    selects: (record: LogRecord) => boolean,
    checkpointEvery: number | undefined,
    uuidAsString: boolean,
    isAll: boolean,
  ): Promise<void> {
    const subscription: OpenSubscription = { call, closed: false };
    const wake = () => subscription.wake?.();
    subscriptions.add(subscription);
    const unwatch = log.onWrite(wake);
    const end = () => {
      subscription.closed = true;
      wake();
    };
    call.on('cancelled', end);
    call.on('close', end);
    call.on('error', end);
    try {
      const confirmation = new pb.ReadResp.SubscriptionConfirmation();
      confirmation.setSubscriptionId(randomUUID());
      call.write(new pb.ReadResp().setConfirmation(confirmation));
      let next = startIndex;
      let scanned = 0;
      let caughtUp = false;
      while (!subscription.closed) {
        while (next < log.length && !subscription.closed) {
          const record = log.at(next++);
          scanned += 1;
          if (selects(record) && !call.write(eventResp(record, uuidAsString, isAll))) {
            await new Promise<void>((resolve) => {
              subscription.wake = resolve;
              call.once('drain', resolve);
            });
          }
          if (checkpointEvery && scanned >= checkpointEvery) {
            scanned = 0;
            const checkpoint = new pb.ReadResp.Checkpoint();
            checkpoint.setCommitPosition(String(record.commit));
            checkpoint.setPreparePosition(String(record.prepare));
            call.write(new pb.ReadResp().setCheckpoint(checkpoint));
          }
        }
        if (subscription.closed) break;
        if (!caughtUp) {
          caughtUp = true;
          if (sendCaughtUp) call.write(new pb.ReadResp().setCaughtUp(new pb.ReadResp.CaughtUp()));
        }
        // No await between the loop's last check and here, so no write can slip past unseen.
        await new Promise<void>((resolve) => (subscription.wake = resolve));
      }
    } finally {
      unwatch();
      subscriptions.delete(subscription);
    }
  }

  function lastRevision(stream: string): bigint {
    const read = log.readStream(stream, { kind: 'end' }, 'backwards', 1n);
    return read === 'not-found' || read.length === 0 ? -1n : read[0].revision;
  }

  let server = await listen(0);

  /** Listens on `onPort` (0: any free port); the same port again after a restart, once the OS lets go of it. */
  async function listen(onPort: number): Promise<Server> {
    for (let tries = 1; ; tries++) {
      const next = new Server();
      next.addService(StreamsService, streamsImpl);
      next.addService(ServerFeaturesService, featuresImpl);
      try {
        port = await new Promise<number>((resolve, reject) =>
          next.bindAsync(`127.0.0.1:${onPort}`, ServerCredentials.createInsecure(), (error, bound) =>
            error ? reject(error) : resolve(bound),
          ),
        );
        return next;
      } catch (error) {
        next.forceShutdown();
        if (tries >= 40) throw error;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  }

  function killConnections(): void {
    for (const subscription of subscriptions) {
      subscription.closed = true;
      subscription.wake?.();
    }
    subscriptions.clear();
    server.forceShutdown();
  }

  return {
    get connectionString() {
      return `esdb://127.0.0.1:${port}?tls=false`;
    },
    get port() {
      return port;
    },
    log,
    calls,
    get batches() {
      return batches;
    },
    openSubscriptions: () => subscriptions.size,
    failNext(rpc, fault = {}) {
      faults.set(rpc, {
        code: fault.code ?? status.UNAVAILABLE,
        afterApply: fault.afterApply ?? false,
        times: fault.times ?? 1,
      });
    },
    clearFaults() {
      faults.clear();
    },
    dropSubscriptions(code = status.UNAVAILABLE) {
      const dropped = [...subscriptions];
      for (const subscription of dropped) {
        subscription.closed = true;
        subscription.call.emit('error', rpcError(code, 'subscription dropped by the double'));
        subscription.wake?.();
      }
      return dropped.length;
    },
    async restart(downtimeMs = 100) {
      const samePort = port;
      killConnections();
      await new Promise((resolve) => setTimeout(resolve, downtimeMs));
      server = await listen(samePort);
    },
    async stop() {
      killConnections();
    },
  };
}

// --- requests -----------------------------------------------------------------------------------

function streamName(identifier: SharedPb.StreamIdentifier | undefined): string {
  if (!identifier) throw rpcError(status.INVALID_ARGUMENT, 'stream identifier required');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

/** The Append, BatchAppend, Delete and Tombstone options share field numbers for their expected revision. */
function expectedOf(expectedCase: number, revision: string): Expected {
  switch (expectedCase) {
    case 2:
      return { kind: 'revision', revision: BigInt(revision) };
    case 3:
      return { kind: 'no-stream' };
    case 5:
      return { kind: 'stream-exists' };
    default:
      return { kind: 'any' };
  }
}

/** A proposed event; the server refuses one without its `type` and `content-type` metadata. */
function fromProposed(
  message: StreamsPb.AppendReq.ProposedMessage | StreamsPb.BatchAppendReq.ProposedMessage,
): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (!type || !contentType) {
    throw rpcError(status.INVALID_ARGUMENT, 'Required metadata properties are missing', {
      exception: 'missing-required-metadata-property',
      'required-metadata-properties': 'type,content-type',
    });
  }
  return {
    id: uuidOf(message.getId()),
    type,
    contentType,
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

function filterOf(options: StreamsPb.ReadReq.Options.FilterOptions): EventFilter {
  const expression = options.hasEventType() ? options.getEventType()! : options.getStreamIdentifier()!;
  return {
    on: options.hasEventType() ? 'event-type' : 'stream-name',
    regex: expression.getRegex() || undefined,
    prefixes: expression.getPrefixList(),
  };
}

function positionOf(position: { getCommitPosition(): string; getPreparePosition(): string }): LogPosition {
  return { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) };
}

function uuidOf(uuid: SharedPb.UUID | undefined): string {
  if (!uuid) throw rpcError(status.INVALID_ARGUMENT, 'event id required');
  if (uuid.hasString()) return uuid.getString().toLowerCase();
  const structured = uuid.getStructured()!;
  const hex = [structured.getMostSignificantBits(), structured.getLeastSignificantBits()]
    .map((half) => BigInt.asUintN(64, BigInt(half)).toString(16).padStart(16, '0'))
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// --- responses ----------------------------------------------------------------------------------

function toUuid(id: string, asString: boolean): SharedPb.UUID {
  const uuid = new shared.UUID();
  if (asString) return uuid.setString(id);
  const hex = id.replace(/-/g, '');
  const structured = new shared.UUID.Structured();
  structured.setMostSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString());
  structured.setLeastSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString());
  return uuid.setStructured(structured);
}

function eventResp(record: LogRecord, uuidAsString: boolean, isAll: boolean): ReadResp {
  const recorded = new pb.ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(toUuid(record.id, uuidAsString));
  recorded.setStreamIdentifier(new shared.StreamIdentifier().setStreamName(Buffer.from(record.stream, 'utf8')));
  recorded.setStreamRevision(String(record.revision));
  recorded.setCommitPosition(String(record.commit));
  recorded.setPreparePosition(String(record.prepare));
  recorded.getMetadataMap().set('type', record.type);
  recorded.getMetadataMap().set('content-type', record.contentType);
  recorded.getMetadataMap().set('created', String(record.created));
  recorded.setData(record.data);
  recorded.setCustomMetadata(record.metadata);
  const event = new pb.ReadResp.ReadEvent().setEvent(recorded);
  // `$all` reads carry the commit position of the original event; stream reads say there is none.
  if (isAll) event.setCommitPosition(String(record.commit));
  else event.setNoPosition(new shared.Empty());
  return new pb.ReadResp().setEvent(event);
}

function toDeletePosition<P extends StreamsPb.DeleteResp.Position | StreamsPb.TombstoneResp.Position>(
  target: P,
  position: LogPosition,
): P {
  target.setCommitPosition(String(position.commit));
  target.setPreparePosition(String(position.prepare));
  return target;
}

function appendResp(outcome: WriteOutcome, expected: Expected): StreamsPb.AppendResp {
  const resp = new pb.AppendResp();
  if (outcome.kind === 'success') {
    const success = new pb.AppendResp.Success();
    success.setCurrentRevision(String(outcome.revision));
    const position = new pb.AppendResp.Position();
    position.setCommitPosition(String(outcome.position.commit));
    position.setPreparePosition(String(outcome.position.prepare));
    return resp.setSuccess(success.setPosition(position));
  }
  const wrong = new pb.AppendResp.WrongExpectedVersion();
  if (outcome.current === undefined) wrong.setCurrentNoStream(new shared.Empty());
  else wrong.setCurrentRevision(String(outcome.current));
  if (expected.kind === 'revision') wrong.setExpectedRevision(String(expected.revision));
  else if (expected.kind === 'no-stream') wrong.setExpectedNoStream(new shared.Empty());
  else if (expected.kind === 'stream-exists') wrong.setExpectedStreamExists(new shared.Empty());
  else wrong.setExpectedAny(new shared.Empty());
  return resp.setWrongExpectedVersion(wrong);
}

function batchAppendResp(outcome: WriteOutcome, expected: Expected): StreamsPb.BatchAppendResp {
  const resp = new pb.BatchAppendResp();
  if (expected.kind === 'revision') resp.setStreamPosition(String(expected.revision));
  else if (expected.kind === 'no-stream') resp.setNoStream(new shared.Empty());
  else if (expected.kind === 'stream-exists') resp.setStreamExists(new shared.Empty());
  else resp.setAny(new shared.Empty());
  if (outcome.kind === 'success') {
    const success = new pb.BatchAppendResp.Success();
    success.setCurrentRevision(String(outcome.revision));
    const position = new shared.AllStreamPosition();
    position.setCommitPosition(String(outcome.position.commit));
    position.setPreparePosition(String(outcome.position.prepare));
    return resp.setSuccess(success.setPosition(position));
  }
  // A conflict travels as a google.rpc.Status whose details pack event_store.client.WrongExpectedVersion.
  const wrong = new shared.WrongExpectedVersion();
  if (outcome.current === undefined) wrong.setCurrentNoStream(new shared.Empty());
  else wrong.setCurrentStreamRevision(String(outcome.current));
  if (expected.kind === 'revision') wrong.setExpectedStreamPosition(String(expected.revision));
  else if (expected.kind === 'no-stream') wrong.setExpectedNoStream(new shared.Empty());
  else if (expected.kind === 'stream-exists') wrong.setExpectedStreamExists(new shared.Empty());
  else wrong.setExpectedAny(new shared.Empty());
  return resp.setError(statusWithDetails('WrongExpectedVersion', wrong.serializeBinary()));
}

function batchAppendFailure(error: unknown): StreamsPb.BatchAppendResp {
  if (error instanceof StreamDeletedFault) {
    const deleted = new shared.StreamDeleted();
    deleted.setStreamIdentifier(new shared.StreamIdentifier().setStreamName(Buffer.from(error.stream, 'utf8')));
    return new pb.BatchAppendResp().setError(statusWithDetails('StreamDeleted', deleted.serializeBinary()));
  }
  return new pb.BatchAppendResp().setError(statusWithDetails('Unknown', new shared.Unknown().serializeBinary()));
}

function statusWithDetails(type: string, detail: Uint8Array): StatusPb.Status {
  const details = new Any();
  details.pack(detail, `event_store.client.${type}`);
  const result = new statusPb.Status();
  result.setCode(type === 'WrongExpectedVersion' ? codePb.Code.FAILED_PRECONDITION : codePb.Code.UNKNOWN);
  result.setMessage(type);
  result.setDetails(details);
  return result;
}

// --- errors carried in trailers -----------------------------------------------------------------

function rpcError(code: status, details: string, trailers: Record<string, string> = {}): ServerErrorResponse {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
}

/** How the server reports a conflict outside Append and BatchAppend: trailers read by the client. */
function wrongExpectedVersionTrailers(
  stream: string,
  expected: Expected,
  current: bigint | undefined,
): ServerErrorResponse {
  const expectedNumber =
    expected.kind === 'revision'
      ? expected.revision
      : expected.kind === 'no-stream'
        ? -1n
        : expected.kind === 'any'
          ? -2n
          : -4n;
  return rpcError(status.FAILED_PRECONDITION, 'Wrong expected version', {
    exception: 'wrong-expected-version',
    'stream-name': stream,
    'expected-version': String(expectedNumber),
    'actual-version': String(current ?? -1n),
  });
}

function toRpcError(error: unknown): ServerErrorResponse {
  if (error instanceof StreamDeletedFault) {
    return rpcError(status.FAILED_PRECONDITION, `Event stream '${error.stream}' is deleted.`, {
      exception: 'stream-deleted',
      'stream-name': error.stream,
    });
  }
  if (error instanceof Error && 'code' in error) return error as ServerErrorResponse;
  return rpcError(status.INTERNAL, error instanceof Error ? error.message : String(error));
}
