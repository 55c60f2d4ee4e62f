/**
 * A test-only EventStoreDB protocol double: an in-process gRPC server that speaks the Streams and
 * ServerFeatures services to the real `@eventstore/db-client` over real HTTP/2 on 127.0.0.1.
 *
 * It answers the way EventStoreDB 24.10 does (EventStore/EventStore at v24.10.4; files named below
 * are under src/EventStore.Core/), including on the failure paths: in-band BatchAppend replies per
 * request (Services/Transport/Grpc/Streams.BatchAppend.cs), a node that is not ready, busy or without
 * a leader (Services/VNode/ClusterVNodeController.cs), write timeouts after which the write may still
 * commit, the append size limit, a follower that forwards writes and serves stale reads, and a log
 * restored shorter than what a reader has already seen.
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
  InvalidPositionFault,
  LogPosition,
  LogRecord,
  ProposedEvent,
  StreamDeletedFault,
  StreamFrom,
  WriteOutcome,
  comparePositions,
  matchesFilter,
} from './in-memory-log';

const clientRoot = dirname(require.resolve('@eventstore/db-client/package.json'));
// The client ships its generated protobuf modules without an import path of their own: found from its folder.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
const generated = <T>(file: string): T => require(join(clientRoot, 'generated', file)) as T;
const pb = generated<typeof StreamsPb>('streams_pb');
const shared = generated<typeof SharedPb>('shared_pb');
const statusPb = generated<typeof StatusPb>('status_pb');
const codePb = generated<typeof CodePb>('code_pb');
const featuresPb = generated<typeof FeaturesPb>('serverfeatures_pb');
const { StreamsService } = generated<typeof StreamsGrpc>('streams_grpc_pb');
const { ServerFeaturesService } = generated<typeof FeaturesGrpc>('serverfeatures_grpc_pb');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
const { Any } = require(
  require.resolve('google-protobuf/google/protobuf/any_pb', { paths: [clientRoot] }),
) as typeof AnyPb;

type ReadReq = StreamsPb.ReadReq;
type ReadResp = StreamsPb.ReadResp;

export type RpcName = 'Read' | 'Append' | 'BatchAppend' | 'Delete' | 'Tombstone' | 'GetSupportedMethods';

/** EventStoreDB's default MaxAppendSize (ClusterVNodeOptions.cs). */
export const SERVER_MAX_APPEND_SIZE = 1024 * 1024;

export interface EsdbDoubleOptions {
  /** Advertise Streams.BatchAppend in ServerFeatures (servers since 21.10 do); the client then appends through it. */
  readonly batchAppend: boolean;
  /** Send the caught-up message on subscriptions (servers since 23.10 do). Default true. */
  readonly caughtUp?: boolean;
  /** Give each append one shared commit position, like old TCP transactions. Default false. */
  readonly explicitTransactions?: boolean;
  readonly serverVersion?: string;
  /** MaxAppendSize: bytes per append as `Event.SizeOnDisk` counts them. Default 1 MiB, like the server. */
  readonly maxAppendSize?: number;
  /** WriteTimeoutMs: a write not committed by then is answered with a timeout. Default 2 000, like the server. */
  readonly writeTimeoutMs?: number;
  /** How many recent event ids the 'any' / 'stream-exists' idempotency check remembers. Default 10 000. */
  readonly idempotencyCacheSize?: number;
  /** How far the double's clock runs ahead of this process's (negative: behind), for append deadlines. */
  readonly clockSkewMs?: number;
}

/** Why a node turns a request away (ClientMessage.NotHandled reasons). */
export type TurnAway = 'not-ready' | 'busy' | 'no-leader';

export interface Fault {
  /**
   * How the call fails:
   * - a gRPC status code, 'not-leader' (the leader redirect) or 'no-reply' (nothing is sent, for
   *   BatchAppend the shared call stays open): the transport or the call fails, as on a dropped
   *   connection; for BatchAppend every append in flight on the shared call fails with it;
   * - 'not-ready', 'busy', 'no-leader' or 'timeout': the server's own answer, which BatchAppend gives
   *   in-band for that one append while the call goes on serving the others.
   * Default UNAVAILABLE.
   */
  readonly code?: status | 'not-leader' | 'no-reply' | TurnAway | 'timeout';
  /** Apply the write first and fail only the reply, as when a connection drops after the commit. */
  readonly afterApply?: boolean;
  /** How many consecutive calls (for BatchAppend, append requests) fail. Default 1. */
  readonly times?: number;
}

export interface GracefulRestart {
  /** Shutting down: reads and writes answered "Server Is Not Ready". Default 150. */
  readonly shuttingDownMs?: number;
  /** Process gone: connections refused. Default 150. */
  readonly downtimeMs?: number;
  /** Starting and electing itself: "Server Is Not Ready" again. Default 150. */
  readonly startingMs?: number;
}

export type ExpectationKind = Expected['kind'];

export interface EsdbNode {
  readonly connectionString: string;
  readonly port: number;
  /** gRPC calls received by this node, per method. */
  readonly calls: Readonly<Record<RpcName, number>>;
  /** Calls this node redirected to the leader because they asked for it ("requires-leader"). */
  readonly redirected: number;
}

export interface EsdbFollower extends EsdbNode {
  /** Stop replicating: reads served here stay at what the log holds now. */
  lag(): void;
  /** Replicate everything again. */
  catchUp(): void;
  stop(): Promise<void>;
}

export interface EsdbDouble extends EsdbNode {
  /** The double's log, for writing system events straight into `$all` and for inspection. */
  readonly log: InMemoryLog;
  /** Append operations received through BatchAppend: one per completed request, whatever its outcome. */
  readonly batches: number;
  /** Appends received (both RPCs), by the kind of expected revision they carried. */
  readonly expectations: Readonly<Record<ExpectationKind, number>>;
  /** Live subscriptions currently being served by the leader. */
  openSubscriptions(): number;
  /** Make the next call(s) of an RPC fail; for BatchAppend, the next append request(s). */
  failNext(rpc: RpcName, fault?: Fault): void;
  clearFaults(): void;
  /** Turn requests away until called again with undefined: writes only (a resigning leader) or all. */
  turnAway(reason: TurnAway | undefined, scope?: 'writes' | 'all'): void;
  /** Hold commits (lost quorum, slow disk): writes go into the log, unacknowledged and unseen, until released. */
  holdCommits(): void;
  commitHeld(): void;
  /** End every open subscription with an error status, as a server does when it drops subscribers. */
  dropSubscriptions(code?: status): number;
  /** Kill every connection and listen again on the same port after `downtimeMs`, keeping the log. */
  restart(downtimeMs?: number): Promise<void>;
  /** A clean shutdown and start, with the not-ready windows around the downtime; recent ids are forgotten. */
  gracefulRestart(phases?: GracefulRestart): Promise<void>;
  /** Restart on a log cut back to its first `keep` records: an older backup restored, or (0) a wiped volume. */
  restore(keep: number): Promise<void>;
  /** A second node on the same log, in the follower role. */
  startFollower(): Promise<EsdbFollower>;
  stop(): Promise<void>;
}

interface OpenSubscription {
  readonly call: ServerWritableStream<ReadReq, ReadResp>;
  closed: boolean;
  wake?: () => void;
}

interface NodeRuntime {
  readonly role: 'leader' | 'follower';
  readonly calls: Record<RpcName, number>;
  redirected: number;
  /** How many records of the log this node can see. */
  visible(): number;
  readonly subscriptions: Set<OpenSubscription>;
  server: Server;
  port: number;
}

const noCalls = (): Record<RpcName, number> => ({
  Read: 0,
  Append: 0,
  BatchAppend: 0,
  Delete: 0,
  Tombstone: 0,
  GetSupportedMethods: 0,
});

export async function startEsdbDouble(options: EsdbDoubleOptions): Promise<EsdbDouble> {
  const log = new InMemoryLog({
    explicitTransactions: options.explicitTransactions,
    idempotencyCacheSize: options.idempotencyCacheSize,
  });
  const maxAppendSize = options.maxAppendSize ?? SERVER_MAX_APPEND_SIZE;
  const writeTimeoutMs = options.writeTimeoutMs ?? 2000;
  const sendCaughtUp = options.caughtUp ?? true;
  const now = () => Date.now() + (options.clockSkewMs ?? 0);
  let batches = 0;
  const expectations: Record<ExpectationKind, number> = { any: 0, 'no-stream': 0, 'stream-exists': 0, revision: 0 };
  const faults = new Map<RpcName, Required<Fault>>();
  let turnedAway: { reason: TurnAway; scope: 'writes' | 'all' } | undefined;
  const timers = new Set<NodeJS.Timeout>();

  const leader: NodeRuntime = {
    role: 'leader',
    calls: noCalls(),
    redirected: 0,
    visible: () => log.committed,
    subscriptions: new Set(),
    server: new Server(),
    port: 0,
  };

  function takeFault(rpc: RpcName): Required<Fault> | undefined {
    const fault = faults.get(rpc);
    if (!fault) return undefined;
    if (fault.times <= 1) faults.delete(rpc);
    else faults.set(rpc, { ...fault, times: fault.times - 1 });
    return fault;
  }

  /** Resolves 'committed' once the log has committed record `last`, or 'timeout' after the write timeout. */
  function committed(last: number, timeoutMs = writeTimeoutMs): Promise<'committed' | 'timeout'> {
    if (last < log.committed) return Promise.resolve('committed');
    return new Promise((resolve) => {
      const stop = log.onWrite(() => {
        if (last < log.committed) settle('committed');
      });
      const timer = setTimeout(() => settle('timeout'), Math.max(0, timeoutMs));
      timers.add(timer);
      function settle(outcome: 'committed' | 'timeout') {
        stop();
        clearTimeout(timer);
        timers.delete(timer);
        resolve(outcome);
      }
    });
  }

  /** The node's NotHandled answer for this request, if it turns it away. */
  function turnedAwayFor(
    node: NodeRuntime,
    kind: 'read' | 'write',
    requiresLeader: boolean,
  ): TurnAway | 'not-leader' | undefined {
    if (turnedAway && (turnedAway.scope === 'all' || kind === 'write')) return turnedAway.reason;
    if (node.role === 'follower' && requiresLeader) return 'not-leader';
    return undefined;
  }

  function notLeader(node: NodeRuntime): ServerErrorResponse {
    node.redirected += 1;
    // RpcExceptions.LeaderInfo: NOT_FOUND with the leader's address in the trailers.
    return rpcError(status.NOT_FOUND, 'Leader info available', {
      exception: 'not-leader',
      'leader-endpoint-host': '127.0.0.1',
      'leader-endpoint-port': String(leader.port),
    });
  }

  /** How Read and Append (not BatchAppend) report a NotHandled: RpcExceptions.cs. */
  function turnAwayError(node: NodeRuntime, reason: TurnAway | 'not-leader'): ServerErrorResponse {
    switch (reason) {
      case 'not-ready':
        return rpcError(status.UNAVAILABLE, 'Server Is Not Ready');
      case 'busy':
        return rpcError(status.UNAVAILABLE, 'Server Is Too Busy');
      case 'no-leader':
        return rpcError(status.UNKNOWN, 'No leader info available in response');
      case 'not-leader':
        return notLeader(node);
    }
  }

  function transportError(node: NodeRuntime, fault: Required<Fault>): ServerErrorResponse {
    if (fault.code === 'not-leader') return notLeader(node);
    if (fault.code === 'timeout') return appendTimeout();
    if (fault.code === 'no-reply') return rpcError(status.UNAVAILABLE, 'unreachable');
    if (typeof fault.code === 'string') return turnAwayError(node, fault.code);
    return rpcError(fault.code, `injected fault (${status[fault.code]})`);
  }

  const isInBand = (fault: Required<Fault>): fault is Required<Fault> & { code: TurnAway | 'timeout' } =>
    fault.code === 'not-ready' || fault.code === 'busy' || fault.code === 'no-leader' || fault.code === 'timeout';

  function streamsService(node: NodeRuntime): StreamsGrpc.IStreamsServer {
    const received = (rpc: RpcName) => {
      node.calls[rpc] += 1;
      return takeFault(rpc);
    };
    return {
      read(call) {
        const fault = received('Read');
        const away = turnedAwayFor(node, 'read', requiresLeader(call.metadata));
        if (away) return void call.emit('error', turnAwayError(node, away));
        if (fault) {
          if (fault.code !== 'no-reply') call.emit('error', transportError(node, fault));
          return;
        }
        try {
          serveRead(node, call);
        } catch (error) {
          call.emit('error', toRpcError(error));
        }
      },

      append(call: ServerReadableStream<StreamsPb.AppendReq, StreamsPb.AppendResp>, callback) {
        const fault = received('Append');
        const away = turnedAwayFor(node, 'write', requiresLeader(call.metadata));
        let header: StreamsPb.AppendReq.Options | undefined;
        const proposed: StreamsPb.AppendReq.ProposedMessage[] = [];
        call.on('data', (req: StreamsPb.AppendReq) => {
          if (req.hasOptions()) header = req.getOptions();
          else if (req.hasProposedMessage()) proposed.push(req.getProposedMessage()!);
        });
        call.on('error', () => undefined);
        call.on('end', () => {
          void (async () => {
            if (away) return callback(turnAwayError(node, away));
            if (fault && !fault.afterApply) {
              if (fault.code === 'timeout') return callback(appendTimeout());
              return fault.code === 'no-reply' ? undefined : callback(transportError(node, fault));
            }
            let outcome: WriteOutcome;
            let expected: Expected;
            try {
              if (!header) throw rpcError(status.INVALID_ARGUMENT, 'the first message must carry options');
              expected = expectedOf(header.getExpectedStreamRevisionCase(), header.getRevision());
              expectations[expected.kind] += 1;
              const events = proposed.map(fromProposed);
              const size = events.reduce((sum, e) => sum + sizeOnDisk(e), 0);
              if (size > maxAppendSize) {
                // RpcExceptions.MaxAppendSizeExceeded, raised while the events stream in.
                return callback(
                  rpcError(status.INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, {
                    exception: 'maximum-append-size-exceeded',
                    'maximum-append-size': String(maxAppendSize),
                  }),
                );
              }
              outcome = log.append(streamName(header.getStreamIdentifier()), expected, events);
            } catch (error) {
              return callback(toRpcError(error));
            }
            if (fault) {
              if (fault.code === 'timeout') return callback(appendTimeout());
              return fault.code === 'no-reply' ? undefined : callback(transportError(node, fault));
            }
            if (outcome.kind === 'dropped') {
              await committed(Number.MAX_SAFE_INTEGER);
              return callback(appendTimeout());
            }
            if (outcome.kind === 'success' && (await committed(outcome.last)) === 'timeout') {
              return callback(appendTimeout());
            }
            callback(null, appendResp(outcome, expected));
          })();
        });
      },

      batchAppend(call: ServerDuplexStream<StreamsPb.BatchAppendReq, StreamsPb.BatchAppendResp>) {
        node.calls.BatchAppend += 1;
        const leaderRequired = requiresLeader(call.metadata);
        const pending = new Map<
          string,
          { header: StreamsPb.BatchAppendReq.Options; events: ProposedEvent[]; size: number; deadline: number }
        >();
        let failed = false;
        call.on('error', () => undefined);
        call.on('end', () => call.end());
        /** Fails the whole shared call: every append in flight on it fails with the transport error. */
        const failCall = (error: ServerErrorResponse) => {
          if (failed) return;
          failed = true;
          call.emit('error', error);
        };
        call.on('data', (req: StreamsPb.BatchAppendReq) => {
          if (failed) return;
          let correlationId: SharedPb.UUID | undefined;
          try {
            correlationId = req.getCorrelationId();
            const correlation = uuidOf(correlationId);
            const reply = (resp: StreamsPb.BatchAppendResp, stream: SharedPb.StreamIdentifier | undefined) => {
              if (failed) return;
              resp.setCorrelationId(correlationId);
              if (stream) resp.setStreamIdentifier(stream);
              call.write(resp);
            };
            if (req.hasOptions()) {
              const header = req.getOptions()!;
              const deadline = header.hasDeadline()
                ? header.getDeadline()!.toDate().getTime()
                : Number.MAX_SAFE_INTEGER;
              // The time left is the client's deadline read on the server's clock, capped at the write timeout.
              if (Math.min(deadline - now(), writeTimeoutMs) <= 0) {
                batches += 1;
                return reply(new pb.BatchAppendResp().setError(timeoutStatus()), header.getStreamIdentifier());
              }
              pending.set(correlation, { header, events: [], size: 0, deadline });
            }
            const batch = pending.get(correlation);
            if (!batch) return;
            const events = req.getProposedMessagesList().map(fromProposed);
            batch.events.push(...events);
            batch.size += events.reduce((sum, e) => sum + sizeOnDisk(e), 0);
            if (batch.size > maxAppendSize) {
              pending.delete(correlation);
              batches += 1;
              return reply(
                new pb.BatchAppendResp().setError(maxAppendSizeStatus(maxAppendSize)),
                batch.header.getStreamIdentifier(),
              );
            }
            if (!req.getIsFinal()) return;
            pending.delete(correlation);
            batches += 1;
            void answer(batch, reply);
          } catch (error) {
            failCall(toRpcError(error));
          }
        });

        async function answer(
          batch: { header: StreamsPb.BatchAppendReq.Options; events: ProposedEvent[]; deadline: number },
          reply: (resp: StreamsPb.BatchAppendResp, stream: SharedPb.StreamIdentifier | undefined) => void,
        ): Promise<void> {
          const identifier = batch.header.getStreamIdentifier();
          const stream = streamName(identifier);
          const expected = expectedOf(batch.header.getExpectedStreamPositionCase(), batch.header.getStreamPosition());
          expectations[expected.kind] += 1;
          const away = turnedAwayFor(node, 'write', leaderRequired);
          // A NotLeader with the leader's address is thrown from the reply callback, which completes the
          // whole call with it; the other NotHandled reasons are answered in-band (Streams.BatchAppend.cs).
          if (away === 'not-leader') return failCall(notLeader(node));
          if (away) return reply(new pb.BatchAppendResp().setError(notHandledStatus(away)), identifier);
          const fault = takeFault('BatchAppend');
          if (fault && !fault.afterApply) {
            if (isInBand(fault)) {
              const error = fault.code === 'timeout' ? timeoutStatus() : notHandledStatus(fault.code);
              return reply(new pb.BatchAppendResp().setError(error), identifier);
            }
            return fault.code === 'no-reply' ? undefined : failCall(transportError(node, fault));
          }
          let resp: StreamsPb.BatchAppendResp;
          try {
            const outcome = log.append(stream, expected, batch.events);
            if (fault) {
              if (isInBand(fault)) {
                const error = fault.code === 'timeout' ? timeoutStatus() : notHandledStatus(fault.code);
                return reply(new pb.BatchAppendResp().setError(error), identifier);
              }
              return fault.code === 'no-reply' ? undefined : failCall(transportError(node, fault));
            }
            if (outcome.kind === 'dropped') {
              await committed(Number.MAX_SAFE_INTEGER);
              return reply(new pb.BatchAppendResp().setError(timeoutStatus()), identifier);
            }
            if (outcome.kind === 'success' && (await committed(outcome.last)) === 'timeout') {
              return reply(new pb.BatchAppendResp().setError(timeoutStatus()), identifier);
            }
            resp = batchAppendResp(outcome, expected);
          } catch (error) {
            resp = batchAppendFailure(error);
          }
          reply(resp, identifier);
        }
      },

      delete(
        call: ServerUnaryCall<StreamsPb.DeleteReq, StreamsPb.DeleteResp>,
        callback: sendUnaryData<StreamsPb.DeleteResp>,
      ) {
        const removed = remove(node, call, received('Delete'), (stream, expected) => log.softDelete(stream, expected));
        if (!removed) return;
        if ('error' in removed) return callback(removed.error);
        callback(
          null,
          new pb.DeleteResp().setPosition(toDeletePosition(new pb.DeleteResp.Position(), removed.position)),
        );
      },

      tombstone(
        call: ServerUnaryCall<StreamsPb.TombstoneReq, StreamsPb.TombstoneResp>,
        callback: sendUnaryData<StreamsPb.TombstoneResp>,
      ) {
        const removed = remove(node, call, received('Tombstone'), (stream, expected) =>
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
  }

  /**
   * Delete and Tombstone share options and answers; a conflict travels in trailers here.
   * Undefined means: send nothing (a 'no-reply' fault).
   */
  function remove(
    node: NodeRuntime,
    call: ServerUnaryCall<StreamsPb.DeleteReq | StreamsPb.TombstoneReq, unknown>,
    fault: Required<Fault> | undefined,
    apply: (stream: string, expected: Expected) => WriteOutcome,
  ): { error: ServerErrorResponse } | { position: LogPosition } | undefined {
    const away = turnedAwayFor(node, 'write', requiresLeader(call.metadata));
    if (away) return { error: turnAwayError(node, away) };
    const failure = () => (fault!.code === 'no-reply' ? undefined : { error: transportError(node, fault!) });
    if (fault && !fault.afterApply) return failure();
    try {
      const header = call.request.getOptions();
      if (!header) throw rpcError(status.INVALID_ARGUMENT, 'options required');
      const stream = streamName(header.getStreamIdentifier());
      const expected = expectedOf(header.getExpectedStreamRevisionCase(), header.getRevision());
      const outcome = apply(stream, expected);
      if (fault) return failure();
      if (outcome.kind === 'wrong-expected-version') {
        return { error: wrongExpectedVersionTrailers(stream, expected, outcome.current) };
      }
      if (outcome.kind === 'dropped') return undefined;
      return { position: outcome.position };
    } catch (error) {
      return { error: toRpcError(error) };
    }
  }

  function featuresService(node: NodeRuntime): FeaturesGrpc.IServerFeaturesServer {
    return {
      getSupportedMethods(_call, callback) {
        node.calls.GetSupportedMethods += 1;
        const fault = takeFault('GetSupportedMethods');
        if (fault) return fault.code === 'no-reply' ? undefined : callback(transportError(node, fault));
        const methods = new featuresPb.SupportedMethods();
        methods.setEventStoreServerVersion(
          options.serverVersion ?? (options.batchAppend ? '24.10.0-double' : '21.6.0-double'),
        );
        const streamsMethods = [
          'read',
          'append',
          'delete',
          'tombstone',
          ...(options.batchAppend ? ['batchappend'] : []),
        ];
        for (const name of streamsMethods) {
          const method = new featuresPb.SupportedMethod();
          method.setServiceName('event_store.client.streams.streams');
          method.setMethodName(name);
          methods.addMethods(method);
        }
        callback(null, methods);
      },
    };
  }

  function serveRead(node: NodeRuntime, call: ServerWritableStream<ReadReq, ReadResp>): void {
    const readOptions = call.request.getOptions();
    if (!readOptions) throw rpcError(status.INVALID_ARGUMENT, 'options required');
    const uuidAsString = readOptions.getUuidOption()?.hasString() ?? false;
    const direction: Direction =
      readOptions.getReadDirection() === pb.ReadReq.Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards';
    const filter = readOptions.hasFilter() ? filterOf(readOptions.getFilter()!) : undefined;
    const isSubscription = readOptions.getCountOptionCase() === pb.ReadReq.Options.CountOptionCase.SUBSCRIPTION;
    const visible = node.visible();

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
        const after =
          from.kind === 'revision' ? from.revision : from.kind === 'end' ? lastRevision(stream, visible) : -1n;
        const selects = (r: LogRecord) => r.stream === stream && r.revision > after;
        return void follow(node, call, 0, selects, undefined, uuidAsString, false).catch(() => call.end());
      }
      const result = log.readStream(stream, from, direction, BigInt(readOptions.getCount()), visible);
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
      if (from.kind === 'position') log.assertReadableFrom(from.position);
      // `$all` subscriptions are exclusive of their start position; one beyond the end of the log
      // waits, silently, for the log to grow past it.
      const start = from.kind === 'position' ? log.indexAfter(from.position) : from.kind === 'end' ? visible : 0;
      const window = filter ? (readOptions.getFilter()!.hasMax() ? readOptions.getFilter()!.getMax() : 32) : 0;
      const checkpointEvery = filter
        ? window * Math.max(1, readOptions.getFilter()!.getCheckpointintervalmultiplier())
        : undefined;
      const selects = (r: LogRecord) =>
        (from.kind !== 'position' || comparePositions(r, from.position) > 0) && matchesFilter(r, filter);
      return void follow(node, call, start, selects, checkpointEvery, uuidAsString, true).catch(() => call.end());
    }
    for (const record of log.readAll(from, direction, BigInt(readOptions.getCount()), filter, visible)) {
      call.write(eventResp(record, uuidAsString, true));
    }
    call.end();
  }

  /** Catch-up then live delivery of one subscription, with backpressure, checkpoints and caught-up. */
  async function follow(
    node: NodeRuntime,
    call: ServerWritableStream<ReadReq, ReadResp>,
    startIndex: number,
    selects: (record: LogRecord) => boolean,
    checkpointEvery: number | undefined,
    uuidAsString: boolean,
    isAll: boolean,
  ): Promise<void> {
    const subscription: OpenSubscription = { call, closed: false };
    const wake = () => subscription.wake?.();
    node.subscriptions.add(subscription);
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
        while (next < node.visible() && !subscription.closed) {
          const record = log.at(next++);
          scanned += 1;
          if (selects(record) && !call.write(eventResp(record, uuidAsString, isAll))) {
            // Woken by drain or by a close: either way the other listener goes, or they pile up.
            await new Promise<void>((resolve) => {
              const go = () => {
                call.off('drain', go);
                resolve();
              };
              subscription.wake = go;
              call.once('drain', go);
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
      node.subscriptions.delete(subscription);
    }
  }

  function lastRevision(stream: string, visible: number): bigint {
    const read = log.readStream(stream, { kind: 'end' }, 'backwards', 1n, visible);
    return read === 'not-found' || read.length === 0 ? -1n : read[0].revision;
  }

  /** Listens on `onPort` (0: any free port); the same port again after a restart, once the OS lets go of it. */
  async function listen(node: NodeRuntime, onPort: number): Promise<void> {
    for (let tries = 1; ; tries++) {
      const next = new Server();
      next.addService(StreamsService, streamsService(node));
      next.addService(ServerFeaturesService, featuresService(node));
      try {
        node.port = await new Promise<number>((resolve, reject) =>
          next.bindAsync(`127.0.0.1:${onPort}`, ServerCredentials.createInsecure(), (error, bound) =>
            error ? reject(error) : resolve(bound),
          ),
        );
        node.server = next;
        return;
      } catch (error) {
        next.forceShutdown();
        if (tries >= 40) throw error;
        await sleep(25);
      }
    }
  }

  function killConnections(node: NodeRuntime): void {
    for (const subscription of node.subscriptions) {
      subscription.closed = true;
      subscription.wake?.();
    }
    node.subscriptions.clear();
    node.server.forceShutdown();
  }

  async function restartLeader(whileDown: () => void, downtimeMs: number): Promise<void> {
    const samePort = leader.port;
    killConnections(leader);
    whileDown();
    await sleep(downtimeMs);
    await listen(leader, samePort);
  }

  const nodeView = (node: NodeRuntime): EsdbNode => ({
    get connectionString() {
      return `esdb://127.0.0.1:${node.port}?tls=false`;
    },
    get port() {
      return node.port;
    },
    calls: node.calls,
    get redirected() {
      return node.redirected;
    },
  });

  await listen(leader, 0);
  const followers = new Set<NodeRuntime>();

  const leaderView = nodeView(leader);
  return {
    get connectionString() {
      return leaderView.connectionString;
    },
    get port() {
      return leaderView.port;
    },
    calls: leader.calls,
    get redirected() {
      return leader.redirected;
    },
    log,
    get batches() {
      return batches;
    },
    expectations,
    openSubscriptions: () => leader.subscriptions.size,
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
    turnAway(reason, scope = 'all') {
      turnedAway = reason ? { reason, scope } : undefined;
    },
    holdCommits() {
      log.holdCommits();
    },
    commitHeld() {
      log.commitHeld();
    },
    dropSubscriptions(code = status.UNAVAILABLE) {
      const dropped = [...leader.subscriptions];
      for (const subscription of dropped) {
        subscription.closed = true;
        subscription.call.emit('error', rpcError(code, 'subscription dropped by the double'));
        subscription.wake?.();
      }
      return dropped.length;
    },
    async restart(downtimeMs = 100) {
      await restartLeader(() => undefined, downtimeMs);
    },
    async gracefulRestart({ shuttingDownMs = 150, downtimeMs = 150, startingMs = 150 } = {}) {
      turnedAway = { reason: 'not-ready', scope: 'all' };
      await sleep(shuttingDownMs);
      await restartLeader(() => log.forgetRecentIds(), downtimeMs);
      await sleep(startingMs);
      turnedAway = undefined;
    },
    async restore(keep) {
      await restartLeader(() => log.restore(keep), 50);
    },
    async startFollower() {
      let lagAt: number | undefined;
      const follower: NodeRuntime = {
        role: 'follower',
        calls: noCalls(),
        redirected: 0,
        visible: () => Math.min(lagAt ?? Number.MAX_SAFE_INTEGER, log.committed),
        subscriptions: new Set(),
        server: new Server(),
        port: 0,
      };
      await listen(follower, 0);
      followers.add(follower);
      const view = nodeView(follower);
      return {
        get connectionString() {
          return view.connectionString;
        },
        get port() {
          return view.port;
        },
        calls: follower.calls,
        get redirected() {
          return follower.redirected;
        },
        lag() {
          lagAt = log.committed;
        },
        catchUp() {
          lagAt = undefined;
          for (const subscription of follower.subscriptions) subscription.wake?.();
        },
        async stop() {
          followers.delete(follower);
          killConnections(follower);
        },
      };
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const follower of followers) killConnections(follower);
      killConnections(leader);
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function requiresLeader(metadata: Metadata): boolean {
  return metadata.get('requires-leader')[0]?.toString() === 'true';
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

/** `Event.SizeOnDisk` (Data/Event.cs): data and metadata bytes, two bytes per UTF-16 unit of the type. */
function sizeOnDisk(event: ProposedEvent): number {
  return event.data.length + event.metadata.length + event.type.length * 2;
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
  const current = outcome.kind === 'wrong-expected-version' ? outcome.current : undefined;
  if (current === undefined) wrong.setCurrentNoStream(new shared.Empty());
  else wrong.setCurrentRevision(String(current));
  if (expected.kind === 'revision') wrong.setExpectedRevision(String(expected.revision));
  else if (expected.kind === 'no-stream') wrong.setExpectedNoStream(new shared.Empty());
  else if (expected.kind === 'stream-exists') wrong.setExpectedStreamExists(new shared.Empty());
  else wrong.setExpectedAny(new shared.Empty());
  return resp.setWrongExpectedVersion(wrong);
}

/** RpcExceptions.Timeout: what the Append RPC answers when the write was not committed in time. */
function appendTimeout(): ServerErrorResponse {
  return rpcError(status.ABORTED, 'Operation timed out: Commit timeout.');
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
  const current = outcome.kind === 'wrong-expected-version' ? outcome.current : undefined;
  if (current === undefined) wrong.setCurrentNoStream(new shared.Empty());
  else wrong.setCurrentStreamRevision(String(current));
  if (expected.kind === 'revision') wrong.setExpectedStreamPosition(String(expected.revision));
  else if (expected.kind === 'no-stream') wrong.setExpectedNoStream(new shared.Empty());
  else if (expected.kind === 'stream-exists') wrong.setExpectedStreamExists(new shared.Empty());
  else wrong.setExpectedAny(new shared.Empty());
  return resp.setError(
    statusOf(codePb.Code.ALREADY_EXISTS, 'WrongExpectedVersion', 'event_store.client.WrongExpectedVersion', wrong),
  );
}

function batchAppendFailure(error: unknown): StreamsPb.BatchAppendResp {
  if (error instanceof StreamDeletedFault) {
    const deleted = new shared.StreamDeleted();
    deleted.setStreamIdentifier(new shared.StreamIdentifier().setStreamName(Buffer.from(error.stream, 'utf8')));
    return new pb.BatchAppendResp().setError(
      statusOf(codePb.Code.NOT_FOUND, 'StreamDeleted', 'event_store.client.StreamDeleted', deleted),
    );
  }
  return new pb.BatchAppendResp().setError(
    statusOf(codePb.Code.UNKNOWN, 'Unknown', 'event_store.client.Unknown', new shared.Unknown()),
  );
}

/** Status.Timeout (Services/Transport/Grpc/Status.cs). */
function timeoutStatus(): StatusPb.Status {
  return statusOf(codePb.Code.DEADLINE_EXCEEDED, 'Timeout', 'event_store.client.Timeout', new shared.Timeout());
}

function maxAppendSizeStatus(limit: number): StatusPb.Status {
  const detail = new shared.MaximumAppendSizeExceeded().setMaxappendsize(limit);
  return statusOf(
    codePb.Code.INVALID_ARGUMENT,
    'MaximumAppendSizeExceeded',
    'event_store.client.MaximumAppendSizeExceeded',
    detail,
  );
}

/**
 * A NotHandled reply inside BatchAppend: a Status that sets only a message and an empty
 * google.protobuf.Empty detail, so its code is OK (0). The 6.2.1 client knows no such detail and
 * surfaces it as UnknownError("Could not recognize <message>").
 */
function notHandledStatus(reason: TurnAway): StatusPb.Status {
  const message =
    reason === 'not-ready'
      ? 'Server Is Not Ready'
      : reason === 'busy'
        ? 'Server Is Busy'
        : 'No leader info available in response';
  const details = new Any();
  details.pack(new Uint8Array(), 'google.protobuf.Empty');
  return new statusPb.Status().setCode(codePb.Code.OK).setMessage(message).setDetails(details);
}

function statusOf(
  code: CodePb.Code,
  message: string,
  typeName: string,
  detail: { serializeBinary(): Uint8Array },
): StatusPb.Status {
  const details = new Any();
  details.pack(detail.serializeBinary(), typeName);
  return new statusPb.Status().setCode(code).setMessage(message).setDetails(details);
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
  if (error instanceof InvalidPositionFault) {
    // RpcExceptions.InvalidPositionException.
    return rpcError(status.INVALID_ARGUMENT, 'Trying to read from an invalid position.');
  }
  if (error instanceof Error && 'code' in error) return error as ServerErrorResponse;
  return rpcError(status.INTERNAL, error instanceof Error ? error.message : String(error));
}
