import { Inject, Injectable, Optional } from '@nestjs/common';
import { Instant, normaliseInstant } from '@ledger/consent-domain';
import { EventStore, Position } from '@ledger/event-store';
import { subjectStream } from '@ledger/ledger-log';
import { ProjectionStatus, ReadSide } from '@ledger/projections';
import { LedgerConfig } from '../config/ledger-config';
import { ProblemException } from '../http/problems';
import { assertSubjectId } from '../http/validation';
import { Clock, CLOCK } from './clock';
import { IntegrityMonitor } from './integrity-monitor';
import { Recordings } from './recordings';
import { EVENT_STORE, LEDGER_CONFIG, READ_SIDE } from './tokens';

// Kept in tokens.ts beside the others (the executor's Recordings injects it too); named here as before.
export { READ_SIDE };
const STATUS_MEMO_MS = 20;

/** How fresh an answer is: every query response carries it. */
export interface Freshness {
  readonly checkpoint?: string;
  readonly caughtUp: boolean;
  readonly lagMs: number;
  /** Present when the query asked to see a position: whether the read models had reached it. */
  readonly reachedMinPosition?: boolean;
}

/** The two times of a question, with their defaults and limits. */
export interface AskedMoment {
  readonly at: Instant;
  readonly knownAt: Instant;
}

@Injectable()
export class ReadModels {
  constructor(
    @Inject(READ_SIDE) readonly side: ReadSide,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly integrity: IntegrityMonitor,
    // Absent where no command is written beside the queries (a benchmark's read side alone).
    @Optional() private readonly recordings?: Recordings,
  ) {}

  /** The ledger's clock now, for what is not a question about T′ (readiness' calendar warnings). */
  now(): Instant {
    return this.clock.now();
  }

  /** Waits (bounded) for the read models to include `minPosition`, then says how fresh they are. */
  async freshness(minPosition?: string): Promise<Freshness> {
    let reachedMinPosition: boolean | undefined;
    if (minPosition !== undefined) {
      try {
        this.store.comparePositions(minPosition as Position, minPosition as Position);
      } catch {
        throw new ProblemException('invalid-request', 'minPosition is not a position this ledger issued', {}, [
          { field: 'minPosition', code: 'invalid-position', message: 'use the position a command returned' },
        ]);
      }
      reachedMinPosition = await this.side.runner.waitFor(minPosition as Position, this.config.readYourWritesTimeoutMs);
    }
    // A history that does not verify answers nothing until an operator has restored it.
    if (this.integrity.found().length > 0) {
      throw new ProblemException('integrity-failure', 'the stored history does not verify; see readiness and the logs');
    }
    const status = await this.recentStatus();
    // The store was restored or wiped under read models that survived: they answer for a history
    // that is no longer there, so nothing is answered until they are rebuilt.
    if (status.aheadOfLog) {
      throw new ProblemException(
        'read-models-ahead-of-log',
        'the read models have applied events the event store no longer holds; rebuild them (delete the read-model file and restart)',
      );
    }
    return {
      ...(status.checkpoint ? { checkpoint: status.checkpoint } : {}),
      caughtUp: status.caughtUp,
      lagMs: status.lagMs,
      ...(reachedMinPosition !== undefined ? { reachedMinPosition } : {}),
    };
  }

  /**
   * The runner's status, read at most every few milliseconds: every query reports it, and under load
   * reading it (the log's head, the checkpoint, the lag) for each would cost more than the answer.
   * A query that must see a write waits for its position above, exactly.
   */
  private recentStatus(): Promise<ProjectionStatus> {
    const now = Date.now();
    if (!this.status || now - this.status.at > STATUS_MEMO_MS) {
      this.status = { at: now, value: this.side.runner.status() };
    }
    return this.status.value;
  }

  private status?: { at: number; value: Promise<ProjectionStatus> };

  /**
   * `at` and `knownAt` default to now; knowledge cannot come from the future — not even within the
   * clock skew a command's occurredAt is allowed: an answer as known at a moment still to come could
   * change before it comes, and the same question would have two answers.
   */
  async moment(at?: string, knownAt?: string, about?: { readonly subjectId?: string }): Promise<AskedMoment> {
    const now = this.clock.now();
    const parsedAt = at === undefined ? now : parse(at, 'at');
    const parsedKnownAt = knownAt === undefined ? now : parse(knownAt, 'knownAt');
    if (parsedKnownAt > now) {
      throw new ProblemException('known-at-in-future', `knownAt ${parsedKnownAt} is later than now (${now})`, {}, [
        { field: 'knownAt', code: 'known-at-in-future', message: 'the ledger cannot know the future' },
      ]);
    }
    // A fact decided at or before T′ but still on its way to the log and the read models was known at
    // T′ all the same: answered without it, the same question asked a moment later would be answered
    // otherwise. Its write is waited for; one that does not end is a store in trouble, not an answer.
    // A question about one person waits for their facts and the policies' alone (`about`).
    // Checked before it names a stream: a path's id is anything a caller typed.
    const stream = about?.subjectId !== undefined ? subjectStream(assertSubjectId(about.subjectId)) : undefined;
    const timeout = this.config.readYourWritesTimeoutMs;
    if (this.recordings && !(await this.recordings.settled(parsedKnownAt, timeout, stream))) {
      throw new ProblemException(
        'store-unavailable',
        `a fact recorded by ${parsedKnownAt} is still being written; an answer as known then would leave it out`,
      );
    }
    return { at: parsedAt, knownAt: parsedKnownAt };
  }

  /**
   * A query's period, each bound optional: a `to` not later than its `from` is refused (it asks for
   * nothing, and is almost always the two swapped), instead of an empty answer that looks like "none".
   */
  period(from: string, to: string): { from: Instant; to: Instant };
  period(from: string | undefined, to: string | undefined): { from?: Instant; to?: Instant };
  period(from: string | undefined, to: string | undefined): { from?: Instant; to?: Instant } {
    // Bounds of a period count what lies at or after `from` and before `to`: below a millisecond, up.
    const start = from !== undefined ? parse(from, 'from', 'up') : undefined;
    const end = to !== undefined ? parse(to, 'to', 'up') : undefined;
    if (start !== undefined && end !== undefined && end <= start) {
      throw new ProblemException('invalid-request', '`to` must be later than `from`', {}, [
        { field: 'to', code: 'isAfterFrom', message: 'the period ends before it starts' },
      ]);
    }
    return { ...(start ? { from: start } : {}), ...(end ? { to: end } : {}) };
  }
}

function parse(value: string, field: string, rounding: 'down' | 'up' = 'down'): Instant {
  // An unencoded '+' in a query string arrives as a space: read "…T09:30:00 05:00" as +05:00.
  const instant = normaliseInstant(value.replace(/ (\d{2}:\d{2})$/, '+$1'), rounding);
  if (!instant) {
    throw new ProblemException('invalid-request', `${field} must be an ISO-8601 date-time with a time zone`, {}, [
      { field, code: 'isInstant', message: 'e.g. 2025-03-01T09:30:00Z' },
    ]);
  }
  return instant;
}
