import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { conflict, Instant } from '@ledger/consent-domain';
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
  chainEvents,
  commandStream,
  GENESIS_HASH,
  headHash,
  metadataOf,
  toAppend,
  uuidV5,
} from '@ledger/ledger-log';
import { Clock, CLOCK } from './clock';
import { KeyedQueue } from './keyed-queue';
import { EVENT_STORE, LEDGER_CONFIG } from './tokens';
import { LedgerConfig } from '../config/ledger-config';

/** Who sent a command and under which correlation, as the transport saw it. */
export interface CommandMeta {
  /** The idempotency key: the `Idempotency-Key` header or the body's `commandId`. */
  readonly commandId: string;
  readonly correlationId: string;
  readonly actor: Actor;
}

export interface CommandRun {
  readonly meta: CommandMeta;
  /** A name for the kind of command, part of what a reused key is compared on. */
  readonly commandType: string;
  /** The stream the command writes to. */
  readonly stream: string;
  /** The command as decided on, after normalisation: a reused key with another body is a conflict. */
  readonly request: unknown;
  readonly occurredAt: Instant;
  /**
   * Whether to claim the key in its own stream (default true). Only a writer whose key can never
   * name another stream may skip it; its stream then decides alone.
   */
  readonly claimKey?: boolean;
  /** Fold the stream and decide; called again after a concurrent write. */
  readonly decide: (events: readonly StoredEvent[], now: Instant) => Promise<readonly { type: string; data: object }[]>;
}

/** An event a command wrote; only the last one's position is known without reading back. */
export type WrittenEvent = Omit<StoredEvent, 'position'>;

export interface CommandResult {
  /** What the command wrote (or, on a retry, what it had written the first time). */
  readonly events: readonly WrittenEvent[];
  readonly position: Position;
  /** True when this was a retry and nothing new was written. */
  readonly replayed: boolean;
}

const MAX_ATTEMPTS = 20;

/**
 * The one road from a command to the log: read the stream, decide, claim the idempotency key,
 * append at the revision read, and on a concurrent write decide again. A retried command finds its
 * own events in the stream (by command id) and gets the first result back without writing; the
 * claim catches a key reused for another request even when it names another stream.
 */
@Injectable()
export class CommandExecutor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  private readonly queue = new KeyedQueue();

  /**
   * Commands on one stream run one at a time in this process: no wasted conflict retries, and a
   * duplicate sent concurrently finds the first one's events instead of racing it. Across processes
   * the expected revision still guards every append.
   */
  execute(run: CommandRun): Promise<CommandResult> {
    return this.queue.run(run.stream, () => this.executeNow(run));
  }

  private async executeNow(run: CommandRun): Promise<CommandResult> {
    const requestDigest = this.digest({ commandType: run.commandType, stream: run.stream, request: run.request });
    let claimed = run.claimKey === false;

    for (let attempt = 1; ; attempt++) {
      const events = await this.store.readStream(run.stream);
      const earlier = events.filter((e) => metadataOf(e).commandId === run.meta.commandId);
      if (earlier.length > 0) {
        if (metadataOf(earlier[0]).requestDigest !== requestDigest) throw keyReused(run.meta.commandId);
        return { events: earlier, position: earlier[earlier.length - 1].position, replayed: true };
      }
      const now = this.clock.now();
      // Deciding first means a refused command writes nothing at all, not even its claim.
      const decided = await run.decide(events, now);
      const last = events[events.length - 1];
      const toWrite = chainEvents(
        run.stream,
        events.length === 0 ? 0 : last.revision + 1,
        headHash(last),
        toAppend(decided, {
          commandId: run.meta.commandId,
          correlationId: run.meta.correlationId,
          actor: run.meta.actor,
          occurredAt: run.occurredAt,
          recordedAt: now,
          requestDigest,
        }),
      );
      const expected = events.length === 0 ? 'no-stream' : events[events.length - 1].revision;
      const write: StreamAppend = { stream: run.stream, events: toWrite, expected };
      const claim = claimed ? undefined : this.claimOf(run, requestDigest, now);
      try {
        const result = await this.write(claim, write);
        const first = result.nextRevision - toWrite.length + 1;
        return {
          events: toWrite.map((e, i) => ({ ...e, stream: run.stream, revision: first + i })),
          position: result.position,
          replayed: false,
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
        if (claim && error.stream === claim.stream) {
          // The key is claimed already: by this very request (decide again and find its events), or another.
          const [existing] = await this.store.readStream(claim.stream, { maxCount: 1 });
          if (existing?.data.requestDigest !== requestDigest) throw keyReused(run.meta.commandId);
          claimed = true;
        }
      }
    }
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
   * A keyed digest (HMAC-SHA-256 under the pseudonym key) of a request: requests carry IINs and names,
   * and a plain hash of a 12-digit IIN could be reversed by trying them all.
   */
  private digest(value: unknown): string {
    return createHmac('sha256', this.config.pseudonymKey).update(canonicalJson(value)).digest('hex');
  }

  /**
   * Records that this key was used for this request. The claim's event id is derived from key and
   * request, so the same request claims idempotently while another request under the same key finds
   * the stream taken.
   */
  private claimOf(run: CommandRun, requestDigest: string, now: Instant): StreamAppend {
    const stream = commandStream(this.digest(run.meta.commandId).slice(0, 32));
    const [claim] = toAppend(
      [{ type: 'CommandReceived', data: { commandType: run.commandType, stream: run.stream, requestDigest } }],
      {
        commandId: run.meta.commandId,
        correlationId: run.meta.correlationId,
        actor: run.meta.actor,
        occurredAt: run.occurredAt,
        recordedAt: now,
        requestDigest,
      },
    );
    const id = uuidV5(`claim/${run.meta.commandId}/${requestDigest}`);
    return { stream, events: chainEvents(stream, 0, GENESIS_HASH, [{ ...claim, id }]), expected: 'no-stream' };
  }
}

const keyReused = (commandId: string) =>
  conflict('idempotency-key-reused', `idempotency key ${commandId} was already used for a different request`);
