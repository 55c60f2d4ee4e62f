import { Inject, Injectable } from '@nestjs/common';
import { conflict, DomainError, Instant } from '@ledger/consent-domain';
import {
  AppendResult,
  EventStore,
  Position,
  StoredEvent,
  StreamAppend,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import {
  Actor,
  canonicalJson,
  commandEvents,
  commandMetadata,
  CommandMetadata,
  commandStream,
  Digests,
  GENESIS_HASH,
  IntegrityFailure,
  LEDGER_EVENTS,
  metadataOf,
  RecentCache,
  toAppend,
  uuidV5,
  verifiedHash,
} from '@ledger/ledger-log';
import {
  isSealedLoanId,
  KeyStore,
  LOAN_ID_FIELDS,
  mapFields,
  seal,
  sealFields,
  sealLoanId,
  WITHHELD,
} from '@ledger/personal-data';
import { LedgerConfig } from '../config/ledger-config';
import { Clock, CLOCK } from './clock';
import { DryRunScratch, ImportedBy, importMark } from './import-scope';
import { IntegrityMonitor } from './integrity-monitor';
import { KeyedQueue } from './keyed-queue';
import { Recordings } from './recordings';
import { EVENT_STORE, KEY_STORE, LEDGER_CONFIG } from './tokens';

/** Who sent a command and under which correlation, as the transport saw it. */
export interface CommandMeta {
  /** The idempotency key: the `Idempotency-Key` header or the body's `commandId`. */
  readonly commandId: string;
  readonly correlationId: string;
  /**
   * Both ids above were drawn at random by the ledger itself (`drawnCommandId`): they name nothing a
   * caller sent, so they are stored as drawn instead of as keyed digests (one HMAC less a look).
   */
  readonly drawn?: true;
  readonly actor: Actor;
  /** Sent by a bulk import (see ImportedBy). */
  readonly imported?: ImportedBy;
}

/** How a stream's events fold into the state its commands decide on. */
export interface StreamModel<S> {
  readonly initial: () => S;
  readonly evolve: (state: S, event: StoredEvent) => S;
}

/** A stream whose state no command reads: only its head matters (access logs, checkpoints). */
export const HEAD_ONLY: StreamModel<undefined> = { initial: () => undefined, evolve: () => undefined };

export interface Decided {
  readonly type: string;
  readonly data: object;
}

export interface CommandRun<S> {
  readonly meta: CommandMeta;
  /** A name for the kind of command, part of what a reused key is compared on. */
  readonly commandType: string;
  /** The stream the command writes to. */
  readonly stream: string;
  /** Runs on one target are queued one after another in this process (default: the stream). */
  readonly queueKey?: string;
  /** What the request is about (a person's IIN digest or pseudonym): a reused key is compared on it. */
  readonly target: string;
  /** The command as decided on, after normalisation: a reused key with another body is a conflict. */
  readonly request: unknown;
  readonly occurredAt: Instant;
  readonly model: StreamModel<S>;
  /**
   * Whether a retry with the same key is recognised (default true): the key is claimed in its own
   * stream and found again in this one. Writers whose every call is new (looks at data) opt out.
   */
  readonly idempotent?: boolean;
  /**
   * Whose data key seals the personal fields of what is decided; `link` names the IIN digest of a
   * person new to the ledger, linked to `subjectId` (with a new key) before anything is sealed.
   */
  readonly owner?: { readonly subjectId: string; readonly link?: string };
  /** The stream's name was just made at random here: no one can have written it, so it is not read. */
  readonly fresh?: boolean;
  decide(state: S, now: Instant): readonly Decided[] | Promise<readonly Decided[]>;
}

/** An event a command wrote. */
export type WrittenEvent = Omit<StoredEvent, 'position'>;

export interface CommandResult {
  /** What the command wrote (or, on a retry, what it had written the first time). */
  readonly events: readonly WrittenEvent[];
  /** The log position of the last event written; absent when the command had nothing to write. */
  readonly position?: Position;
  /** True when this was a retry and nothing new was written. */
  readonly replayed: boolean;
}

/** How one command of a series ended: its result, or the domain's refusal (nothing written for it). */
export type SeriesOutcome<R = CommandResult> = { readonly ok: R } | { readonly refused: DomainError };

/** The IIN was linked to another person by a concurrent writer: run the command on that person. */
export class LinkedElsewhere extends Error {
  constructor(readonly subjectId: string) {
    super(`the IIN is linked to subject ${subjectId}`);
  }
}

/**
 * The key was claimed by this very request, but its first attempt went to another stream (a person
 * erased since, whose IIN now names someone new): deciding it again here would run it twice. The
 * caller answers it from its claim (`replayByClaim`).
 */
export class ClaimedElsewhere extends Error {
  constructor(readonly stream: string) {
    super(`the idempotency key was used for stream ${stream}`);
  }
}

/** A stream as this process last saw it: where it ends, and the state folded so far. */
interface Head<S> {
  readonly revision: number;
  readonly hash: string;
  readonly state: S;
  /** When its last event was recorded: the next is never recorded earlier (see `nowFor`). */
  readonly recordedAt?: Instant;
  /**
   * The stream's newest commands (COMMANDS_PER_HEAD at most), by key digest: where their events lie
   * and what was asked.
   */
  readonly commands: ReadonlyMap<string, CommandSpan>;
  /** Older commands were let go: one not in `commands` may still be in the stream (see `forgotten`). */
  readonly forgot?: true;
}

interface CommandSpan {
  readonly first: number;
  readonly last: number;
  readonly requestDigest: string;
}

/**
 * How many of a stream's commands its cached head remembers. All of them grew with every command on
 * the stream (a person disclosed a thousand times held a thousand spans in every copy of the head,
 * each copied again for the next command); a retry of an older one is found through its claim.
 */
export const COMMANDS_PER_HEAD = 64;

/** A command's key digest and (empty for a command that is never retried) its request's digest. */
interface CommandKeys {
  readonly idempotent: boolean;
  readonly commandDigest: string;
  readonly requestDigest: string;
}

const MAX_ATTEMPTS = 20;
/** Events of a stream's tail read and folded at a time. */
export const TAIL_PAGE = 1000;

/** What a cached head weighs: the events folded into its state (one for a head-only stream). */
export function headWeight(head: { readonly revision: number; readonly state: unknown }): number {
  return head.state === undefined ? 1 : head.revision + 2;
}

/** A generation of cached heads holds LEDGER_STREAM_CACHE_SIZE streams, or this many events per stream on average. */
export const HEAD_EVENTS_PER_STREAM = 16;

/**
 * The one road from a command to the log:
 *   read the stream's tail and check its hash chain → fold → decide → link a new person → seal
 *   their personal fields with their key → claim the idempotency key and append, together, at the
 *   revision read; on a concurrent write, decide again.
 * A retried command finds its own events (by key digest) and gets the first result back without
 * writing; the claim catches a key reused for another request even when it names another stream.
 * Folded heads are kept (bounded), so a command reads only what it has not seen.
 */
@Injectable()
export class CommandExecutor {
  private readonly queue = new KeyedQueue();
  /** Folded heads of the streams used most recently (LEDGER_STREAM_CACHE_SIZE of them at least). */
  private readonly heads: RecentCache<string, Head<unknown>>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    private readonly integrity: IntegrityMonitor,
    // The process's one Digests (the subject ledger's too), so that a key digested there is remembered here.
    private readonly digests: Digests,
    // The facts on their way to the log and the read models, which a question as known at T′ waits for.
    private readonly recordings: Recordings,
  ) {
    // Bounded by weight too: a head's state grows with its stream (a person with years of monthly
    // disclosures), so its events are counted (headWeight).
    this.heads = new RecentCache<string, Head<unknown>>(
      config.streamCacheSize,
      headWeight,
      config.streamCacheSize * HEAD_EVENTS_PER_STREAM,
    );
  }

  /**
   * Commands on one stream run one at a time in this process: no wasted conflict retries, and a
   * duplicate sent concurrently finds the first one's events instead of racing it. Across processes
   * the expected revision still guards every append.
   */
  execute<S>(run: CommandRun<S>): Promise<CommandResult> {
    return this.queue.run(run.queueKey ?? run.stream, () => this.executeNow(run));
  }

  /**
   * Commands on one stream (one person's rows of an import), decided one after another, each on the
   * state the ones before it leave — exactly as if they were sent one by one — and written together:
   * each command's events with its claim, as parts of one write that lands whole or not at all, in
   * the store's next group commit (beside other streams' series). A command the domain refuses is
   * answered `refused` and writes nothing; the others go on. Where the store cannot land several
   * streams together, or shares its streams with other writers, or the write conflicts, they run
   * one by one on the ordinary road instead. Other failures (a store down, a link made elsewhere)
   * reject the whole series, with nothing of it written.
   */
  executeSeries<S>(runs: readonly CommandRun<S>[]): Promise<SeriesOutcome[]> {
    if (runs.length === 0) return Promise.resolve([]);
    const first = runs[0];
    if (runs.some((r) => r.stream !== first.stream || (r.queueKey ?? r.stream) !== (first.queueKey ?? first.stream))) {
      throw new Error('a series runs on one stream');
    }
    return this.queue.run(first.queueKey ?? first.stream, () =>
      runs.length > 1 && this.store.exclusive && this.store.appendAll ? this.seriesNow(runs) : this.oneByOne(runs),
    );
  }

  private async oneByOne<S>(runs: readonly CommandRun<S>[]): Promise<SeriesOutcome[]> {
    const outcomes: SeriesOutcome[] = [];
    for (const run of runs) {
      try {
        outcomes.push({ ok: await this.executeNow(run) });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes.push({ refused: error });
      }
    }
    return outcomes;
  }

  private async seriesNow<S>(runs: readonly CommandRun<S>[]): Promise<SeriesOutcome[]> {
    const recording: number[] = [];
    let position: Position | undefined;
    try {
      const outcomes = await this.seriesRecorded(runs, recording);
      for (const o of outcomes) {
        const at = 'ok' in o ? o.ok.position : undefined;
        if (at !== undefined && (position === undefined || this.store.comparePositions(at, position) > 0)) position = at;
      }
      return outcomes;
    } finally {
      // The series' facts took their recordedAt as each was decided: on their way until read (or not written).
      this.recordings.landed(recording, position);
    }
  }

  private async seriesRecorded<S>(runs: readonly CommandRun<S>[], recording: number[]): Promise<SeriesOutcome[]> {
    const { stream, model } = runs[0];
    const tracked = this.recordings.tracks(stream);
    const dry = runs[0].meta.imported?.dryRun;
    const start = await this.headOf(stream, model, runs[0].fresh, dry);
    // A retry of a command the head let go is looked up one by one, through its claim.
    if (start.forgot && !dry) return this.oneByOne(runs);
    let head = start;
    const outcomes: (SeriesOutcome | { readonly pending: number; readonly replayed: boolean })[] = [];
    /** What the series will write, run by run: each run's claim, then its events. */
    const parts: StreamAppend[] = [];
    const written: { readonly events: WrittenEvent[]; readonly part: number }[] = [];
    const byDigest = new Map<string, number>();
    for (const run of runs) {
      const keys = this.keysOf(run);
      const { idempotent, commandDigest, requestDigest } = keys;
      const earlier = idempotent ? head.commands.get(commandDigest) : undefined;
      if (earlier) {
        if (earlier.requestDigest !== requestDigest) outcomes.push({ refused: keyReused(run.meta.commandId) });
        else if (byDigest.has(commandDigest)) outcomes.push({ pending: byDigest.get(commandDigest)!, replayed: true });
        else outcomes.push({ ok: await this.replay(stream, earlier) });
        continue;
      }
      const now = this.nowFor(head);
      if (!dry && tracked) recording.push(this.recordings.begin(now, stream));
      let decided: readonly Decided[];
      try {
        decided = await run.decide(head.state, now);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes.push({ refused: error });
        continue;
      }
      if (decided.length === 0) {
        outcomes.push({ ok: { events: [], replayed: false } });
        continue;
      }
      if (dry) {
        outcomes.push({ ok: this.decideOnly(run, head, decided, now, dry) });
        head = dry.heads.get(stream) as Head<S>;
        continue;
      }
      const { metadata, toWrite, append } = await this.proposal(run, head, decided, now, keys);
      if (idempotent) parts.push(this.claimOf(run, commandDigest, requestDigest, metadata));
      parts.push(append);
      const events = toWrite.map((e, i) => ({ ...e, stream, revision: head.revision + 1 + i }));
      byDigest.set(commandDigest, written.length);
      outcomes.push({ pending: written.length, replayed: false });
      written.push({ events, part: parts.length - 1 });
      head = this.advanced(run, head, events, idempotent ? { commandDigest, requestDigest } : undefined);
    }
    if (parts.length > 0) {
      let results: AppendResult[];
      try {
        results = await this.store.appendAll!(parts);
      } catch (error) {
        // Nothing of the series was written: the stream moved under it, or a key is claimed elsewhere.
        this.heads.delete(stream);
        if (error instanceof WrongExpectedRevisionError) return this.oneByOne(runs);
        throw error;
      }
      // No state folds a position, so the head folded before the write is the one a read would give.
      this.remember(stream, head);
      return outcomes.map((o) => {
        if (!('pending' in o)) return o;
        const { events, part } = written[o.pending];
        return { ok: { events, position: results[part].position, replayed: o.replayed } };
      });
    }
    if (head !== start && !dry) this.remember(stream, head);
    return outcomes.map((o) => {
      if ('pending' in o) throw new Error('a series answered a command it did not write');
      return o;
    });
  }

  /**
   * Which of these idempotency keys are claimed, asked in one read where the store can (a chunk
   * of an import, before its people new to the ledger look for their rows' claims one by one).
   */
  async claimedAmong(commandIds: readonly string[]): Promise<Set<string>> {
    const streams = commandIds.map((id) => commandStream(this.digests.command(id)));
    let found: Set<string>;
    if (this.store.streamsWithEvents) found = await this.store.streamsWithEvents(streams);
    else {
      found = new Set();
      for (const stream of streams) {
        if ((await this.store.readStream(stream, { maxCount: 1 })).length > 0) found.add(stream);
      }
    }
    return new Set(commandIds.filter((_, i) => found.has(streams[i])));
  }

  /**
   * The first answer to a command whose key is already claimed, found through its claim — for a
   * retry that can no longer find its stream (the IIN link was destroyed by the erasure it asked
   * for). Undefined when the key was never used; a conflict when it was used for another request.
   */
  async replayByClaim(
    run: Pick<CommandRun<unknown>, 'meta' | 'commandType' | 'target' | 'request'>,
  ): Promise<(CommandResult & { stream: string }) | undefined> {
    const claimed = await this.claimByKey(run);
    return claimed && claimed.events.length > 0 ? claimed : undefined;
  }

  /**
   * The stream a key was claimed for and the events its command wrote there, none when the claim
   * landed alone: on a store others write too the claim is appended first, and the stream may have
   * moved before the events could follow (the person erased by another instance). Undefined when the
   * key was never used; a conflict when it was used for another request.
   */
  async claimByKey(
    run: Pick<CommandRun<unknown>, 'meta' | 'commandType' | 'target' | 'request'>,
  ): Promise<(CommandResult & { stream: string }) | undefined> {
    const commandDigest = this.digests.command(run.meta.commandId);
    const [claim] = await this.store.readStream(commandStream(commandDigest), { maxCount: 1 });
    if (!claim) return undefined;
    if (claim.data.requestDigest !== this.requestDigest(run)) throw keyReused(run.meta.commandId);
    const stream = String(claim.data.stream);
    const events = (await this.store.readStream(stream)).filter((e) => metadataOf(e).commandId === commandDigest);
    return { events, position: events[events.length - 1]?.position, replayed: true, stream };
  }

  /** An id as the log keeps it: the keyed digest of what a caller sent, or the ledger's own drawn id. */
  private stored(meta: CommandMeta, id: string): string {
    return meta.drawn ? id : this.digests.command(id);
  }

  /** How a command is known again: its key's digest and, for one that may be retried, its request's. */
  private keysOf(
    run: Pick<CommandRun<unknown>, 'idempotent' | 'meta' | 'commandType' | 'target' | 'request'>,
  ): CommandKeys {
    const idempotent = run.idempotent !== false;
    const commandDigest = this.stored(run.meta, run.meta.commandId);
    // Only a retry needs to be compared with its first request.
    return { idempotent, commandDigest, requestDigest: idempotent ? this.requestDigest(run) : '' };
  }

  /**
   * What a decision would append after `head`: sealed, under the metadata every event of a command
   * carries (see toAppend; no requestDigest for a command that is never retried), hash-chained, as
   * the append that expects the stream still at `head`.
   */
  private async proposal<S>(
    run: CommandRun<S>,
    head: Head<S>,
    decided: readonly Decided[],
    now: Instant,
    keys: CommandKeys,
  ) {
    const envelope = {
      commandId: keys.commandDigest,
      correlationId: this.stored(run.meta, run.meta.correlationId),
      actor: run.meta.actor,
      occurredAt: run.occurredAt,
      recordedAt: now,
      ...(keys.idempotent ? { requestDigest: keys.requestDigest } : {}),
      ...(run.meta.imported ? { imported: importMark(run.meta.imported) } : {}),
    };
    const sealed = await this.seal(run, decided);
    // The metadata's text is written once, for these events and the command's claim alike.
    const metadata = commandMetadata(envelope);
    const toWrite = commandEvents(run.stream, head.revision + 1, head.hash, sealed, metadata);
    const append: StreamAppend = {
      stream: run.stream,
      events: toWrite,
      expected: head.revision < 0 ? 'no-stream' : head.revision,
    };
    return { metadata, toWrite, append };
  }

  private requestDigest(run: Pick<CommandRun<unknown>, 'commandType' | 'target' | 'request'>): string {
    return this.digests.of(
      'request',
      canonicalJson({ commandType: run.commandType, target: run.target, request: run.request }),
    );
  }

  private async executeNow<S>(run: CommandRun<S>): Promise<CommandResult> {
    const keys = this.keysOf(run);
    const { idempotent, commandDigest, requestDigest } = keys;
    let claimed = !idempotent;

    for (let attempt = 1; ; attempt++) {
      const dry = run.meta.imported?.dryRun;
      const head = await this.headOf(run.stream, run.model, run.fresh && attempt === 1, dry);
      let earlier = idempotent ? head.commands.get(commandDigest) : undefined;
      if (!earlier && idempotent && head.forgot && !dry) earlier = await this.forgotten(run, keys);
      if (earlier) {
        if (earlier.requestDigest !== requestDigest) throw keyReused(run.meta.commandId);
        return this.replay(run.stream, earlier);
      }
      const now = this.nowFor(head);
      // From here until the read models hold it, a question as known at `now` or later waits for this fact.
      const recording = !dry && this.recordings.tracks(run.stream) ? [this.recordings.begin(now, run.stream)] : [];
      let position: Position | undefined;
      try {
        const result = await this.attempt(run, head, now, keys, claimed, dry, attempt >= MAX_ATTEMPTS);
        if ('retry' in result) {
          claimed = result.claimed;
          continue;
        }
        position = result.done.position;
        return result.done;
      } finally {
        this.recordings.landed(recording, position);
      }
    }
  }

  /**
   * One attempt at a command on the head read: decide, and write what was decided with its claim.
   * `retry` when the stream or the claim moved under it (a concurrent write): decide again.
   */
  private async attempt<S>(
    run: CommandRun<S>,
    head: Head<S>,
    now: Instant,
    keys: CommandKeys,
    claimed: boolean,
    dry: DryRunScratch | undefined,
    last: boolean,
  ): Promise<{ done: CommandResult } | { retry: true; claimed: boolean }> {
    const { idempotent, commandDigest, requestDigest } = keys;
    // Deciding first means a refused command writes nothing at all, not even its claim or a key.
    const decided = await run.decide(head.state, now);
    if (decided.length === 0) return { done: { events: [], replayed: false } };
    if (dry) return { done: this.decideOnly(run, head, decided, now, dry) };
    const { metadata, toWrite, append } = await this.proposal(run, head, decided, now, keys);
    const claim = claimed ? undefined : this.claimOf(run, commandDigest, requestDigest, metadata);
    try {
      const result = await this.write(claim, append);
      const first = result.nextRevision - toWrite.length + 1;
      if (!this.store.exclusive) {
        // A store others write too (EventStoreDB) takes an append whose event ids are already there
        // as a success: another instance's attempt at this very command may have landed first. The
        // answer must be what is stored, so it is read back and compared, hash by hash.
        const landed = await this.landedElsewhere(run.stream, first, toWrite);
        if (landed) return { done: landed };
      }
      const written = toWrite.map((e, i) => ({ ...e, stream: run.stream, revision: first + i }));
      const command = idempotent ? { commandDigest, requestDigest } : undefined;
      this.remember(run.stream, this.advanced(run, head, written, command, result.position));
      return { done: { events: written, position: result.position, replayed: false } };
    } catch (error) {
      // Whatever happened, the stream may have moved: read it again next time.
      this.heads.delete(run.stream);
      if (!(error instanceof WrongExpectedRevisionError) || last) throw error;
      if (claim && error.stream === claim.stream) {
        // The key is claimed already: by this very request (decide again and find its events), or another.
        const [existing] = await this.store.readStream(claim.stream, { maxCount: 1 });
        if (existing?.data.requestDigest !== requestDigest) throw keyReused(run.meta.commandId);
        if (existing.data.stream !== run.stream) throw new ClaimedElsewhere(String(existing.data.stream));
        return { retry: true, claimed: true };
      }
      return { retry: true, claimed };
    }
  }

  /** The stored events where ours were meant to go, when they are not ours: a replay of the first attempt. */
  private async landedElsewhere(
    stream: string,
    first: number,
    proposed: readonly { metadata: Record<string, unknown> }[],
  ): Promise<CommandResult | undefined> {
    const stored = await this.store.readStream(stream, { fromRevision: first, maxCount: proposed.length });
    if (stored.length === 0) return undefined;
    if (stored.length === proposed.length && stored.every((e, i) => e.metadata.hash === proposed[i].metadata.hash)) {
      return undefined;
    }
    this.heads.delete(stream);
    return { events: stored, position: stored[stored.length - 1].position, replayed: true };
  }

  /**
   * A stream's current state, folded by `model`, through the same cache and checks as a command's:
   * for readers that decide (the policies a command is judged against).
   */
  async current<S>(stream: string, model: StreamModel<S>, dryRun?: DryRunScratch): Promise<S> {
    return (await this.headOf(stream, model, false, dryRun)).state;
  }

  /**
   * The stream's head: the cached fold plus the tail written since, every tail event checked. A
   * store this process alone writes has no tail it has not seen. (Elsewhere too a stale head could
   * not write — the append's expected revision would refuse it — but it could refuse a command wrongly.)
   */
  private async headOf<S>(
    stream: string,
    model: StreamModel<S>,
    fresh = false,
    dryRun?: DryRunScratch,
  ): Promise<Head<S>> {
    const dry = dryRun?.heads.get(stream) as Head<S> | undefined;
    if (dry) return dry;
    if (fresh) return { revision: -1, hash: GENESIS_HASH, state: model.initial(), commands: new Map() };
    const cached = this.heads.get(stream) as Head<S> | undefined;
    // (Reading it marked it as recently used.)
    if (cached && this.store.exclusive) return cached;
    let head: Head<S> = cached ?? { revision: -1, hash: GENESIS_HASH, state: model.initial(), commands: new Map() };
    // A page at a time: a stream never read since the start may be long (every look at a person, a
    // checkpoint a minute), and was read whole into memory to be folded.
    for (;;) {
      const tail = await this.store.readStream(stream, { fromRevision: head.revision + 1, maxCount: TAIL_PAGE });
      if (tail.length === 0) break;
      let { revision, hash, state } = head;
      const recordedAt = metadataOf(tail[tail.length - 1]).recordedAt;
      const commands = new Map(head.commands);
      let forgot = head.forgot;
      for (const event of tail) {
        try {
          hash = verifiedHash(event, { revision, hash });
        } catch (error) {
          if (error instanceof IntegrityFailure) this.integrity.failed(error);
          throw error;
        }
        revision = event.revision;
        state = model.evolve(state, event);
        track(commands, event);
        forgot = bound(commands) || forgot;
      }
      head = { revision, hash, state, recordedAt, commands, ...(forgot ? { forgot } : {}) };
      if (tail.length < TAIL_PAGE) break;
    }
    this.remember(stream, head);
    return head;
  }

  /**
   * A dry run's step: what would be written is folded into the run's scratch heads (so later lines
   * see it) and nothing is linked, sealed or appended.
   */
  private decideOnly<S>(
    run: CommandRun<S>,
    head: Head<S>,
    decided: readonly Decided[],
    now: Instant,
    scratch: DryRunScratch,
  ): CommandResult {
    const commandId = this.digests.command(run.meta.commandId);
    const envelope = {
      commandId,
      correlationId: commandId,
      actor: run.meta.actor,
      occurredAt: run.occurredAt,
      recordedAt: now,
    };
    const written = toAppend(decided, envelope).map((e, i) => ({
      ...e,
      stream: run.stream,
      revision: head.revision + 1 + i,
    }));
    const position = '0' as Position;
    const state = written.reduce((s, e) => run.model.evolve(s, { ...e, position }), head.state);
    const commands = new Map(head.commands).set(commandId, {
      first: written[0].revision,
      last: written[written.length - 1].revision,
      requestDigest: '',
    });
    scratch.heads.set(run.stream, {
      revision: written[written.length - 1].revision,
      hash: head.hash,
      state,
      recordedAt: now,
      commands,
    });
    return { events: written, position, replayed: false };
  }

  /**
   * The moment a command on this stream is decided and recorded: the clock, but never before the
   * stream's last event. Another instance's clock may run behind this one's; a stream whose events
   * went back in time would have the ledger know a later fact before an earlier one, and an
   * auditor's verify refuses it (recorded-at-backwards).
   */
  private nowFor(head: Head<unknown>): Instant {
    const now = this.clock.now();
    return head.recordedAt !== undefined && head.recordedAt > now ? head.recordedAt : now;
  }

  /** The head after `written`: the state folded on, the command's span noted. */
  private advanced<S>(
    run: CommandRun<S>,
    head: Head<S>,
    written: readonly WrittenEvent[],
    command?: { commandDigest: string; requestDigest: string },
    position = '0' as Position,
  ): Head<S> {
    const last = written[written.length - 1];
    const state = written.reduce((s, e) => run.model.evolve(s, { ...e, position }), head.state);
    const recordedAt = last.metadata.recordedAt as Instant;
    if (!command) return { ...head, revision: last.revision, hash: last.metadata.hash as string, state, recordedAt };
    const commands = new Map(head.commands).set(command.commandDigest, {
      first: written[0].revision,
      last: last.revision,
      requestDigest: command.requestDigest,
    });
    const forgot = bound(commands) || head.forgot;
    return {
      revision: last.revision,
      hash: last.metadata.hash as string,
      state,
      recordedAt,
      commands,
      ...(forgot ? { forgot } : {}),
    };
  }

  /**
   * A command the stream's head no longer remembers, found through its claim: undefined when the key
   * is unclaimed (a new command) or its events are not in this stream yet; a conflict when it was
   * claimed for another request or another stream.
   */
  private async forgotten(
    run: Pick<CommandRun<unknown>, 'stream' | 'meta'>,
    keys: CommandKeys,
  ): Promise<CommandSpan | undefined> {
    const stream = run.stream;
    const [claim] = await this.store.readStream(commandStream(keys.commandDigest), { maxCount: 1 });
    if (!claim) return undefined;
    if (claim.data.requestDigest !== keys.requestDigest) throw keyReused(run.meta.commandId);
    if (claim.data.stream !== stream) throw new ClaimedElsewhere(String(claim.data.stream));
    const events = (await this.store.readStream(stream)).filter((e) => metadataOf(e).commandId === keys.commandDigest);
    if (events.length === 0) return undefined;
    return { first: events[0].revision, last: events[events.length - 1].revision, requestDigest: keys.requestDigest };
  }

  /** How many commands the cached head of `stream` remembers (undefined: none cached), for the bound's test. */
  commandsHeld(stream: string): number | undefined {
    return this.heads.get(stream)?.commands.size;
  }

  private async replay(stream: string, span: { first: number; last: number }): Promise<CommandResult> {
    const events = await this.store.readStream(stream, {
      fromRevision: span.first,
      maxCount: span.last - span.first + 1,
    });
    return { events, position: events[events.length - 1].position, replayed: true };
  }

  /**
   * A person new to the ledger is linked (with a new data key) first; then every personal field of
   * what was decided is sealed with the owner's key, bound to the stream. A key destroyed by an
   * erasure seals nothing: the value is withheld.
   */
  private async seal<S>(run: CommandRun<S>, decided: readonly Decided[]): Promise<Decided[]> {
    const owner = run.owner;
    if (owner?.link) {
      const linked = await this.keys.link(owner.link, owner.subjectId);
      if (linked !== owner.subjectId) throw new LinkedElsewhere(linked);
    }
    const personal = decided.some((e) => (LEDGER_EVENTS[e.type]?.personal.length ?? 0) > 0);
    // A person known before had their loan ids sealed before deciding (SubjectLedger), so that they
    // meet the ones on record; a person new to the ledger has no key until now.
    const loanIds = owner?.link !== undefined && decided.some((e) => LOAN_ID_FIELDS[e.type] !== undefined);
    if (!personal && !loanIds) return [...decided];
    if (!owner) throw new Error(`${run.commandType} writes personal data but names no owner to seal it with`);
    const found = await this.keys.find(owner.subjectId);
    const key = found === undefined ? await this.keys.dataKeyFor(owner.subjectId) : found;
    const sealer = (value: unknown) => (key === 'destroyed' ? WITHHELD : seal(value, key, run.stream));
    const sealLoan = (value: unknown) =>
      typeof value !== 'string' || isSealedLoanId(value) || key === 'destroyed'
        ? value
        : sealLoanId(value, key, run.stream);
    return decided.map((e) => {
      const data = sealFields(e.data, LEDGER_EVENTS[e.type]?.personal ?? [], sealer);
      return { ...e, data: loanIds ? mapFields(data, LOAN_ID_FIELDS[e.type] ?? [], sealLoan) : data };
    });
  }

  /**
   * The claim and the events land together where the store can promise it, so that a failure (a
   * conflict, a full disk) leaves nothing behind; elsewhere the claim goes first.
   */
  private async write(claim: StreamAppend | undefined, events: StreamAppend): Promise<AppendResult> {
    if (!claim) return this.store.append(events.stream, events.events, events.expected);
    if (this.store.appendAll) return (await this.store.appendAll([claim, events]))[1];
    await this.store.append(claim.stream, claim.events, claim.expected);
    return this.store.append(events.stream, events.events, events.expected);
  }

  /**
   * Records that this key was used for this request. The claim's event id is derived from key and
   * request, so the same request claims idempotently while another request under the same key finds
   * the stream taken.
   */
  private claimOf<S>(
    run: CommandRun<S>,
    commandDigest: string,
    requestDigest: string,
    metadata: CommandMetadata,
  ): StreamAppend {
    const stream = commandStream(commandDigest);
    // The stream is part of the claim's identity: a retry aimed at another stream than its first
    // attempt (the IIN now names someone new) must meet the claim as a conflict, not as a retry.
    const id = uuidV5(`claim/${commandDigest}/${requestDigest}/${run.stream}`);
    const claim = { type: 'CommandReceived', data: { commandType: run.commandType, stream: run.stream, requestDigest }, id };
    return { stream, events: commandEvents(stream, 0, GENESIS_HASH, [claim], metadata), expected: 'no-stream' };
  }

  /** Keeps the most recently used heads only: one per person would grow without end. */
  private remember(stream: string, head: Head<unknown>): void {
    this.heads.set(stream, head);
  }
}

/** Lets the oldest commands go past COMMANDS_PER_HEAD; true when any went. */
function bound(commands: Map<string, CommandSpan>): boolean {
  if (commands.size <= COMMANDS_PER_HEAD) return false;
  for (const digest of commands.keys()) {
    commands.delete(digest);
    if (commands.size <= COMMANDS_PER_HEAD) break;
  }
  return true;
}

function track(commands: Map<string, CommandSpan>, event: StoredEvent): void {
  const meta = metadataOf(event);
  if (!meta.requestDigest) return;
  const span = commands.get(meta.commandId);
  commands.set(meta.commandId, {
    first: span?.first ?? event.revision,
    last: event.revision,
    requestDigest: meta.requestDigest,
  });
}

const keyReused = (commandId: string) =>
  conflict('idempotency-key-reused', `idempotency key ${commandId} was already used for a different request`);
