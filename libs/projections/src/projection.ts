import { Instant, PolicyEvent, Recorded, SubjectEvent } from '@ledger/consent-domain';
import { StoredEvent } from '@ledger/event-store';
import {
  ACCESS,
  AccessEvent,
  inCategory,
  LedgerEventBody,
  LedgerMetadata,
  POLICY,
  SUBJECT,
  WEBHOOK,
  WebhookEvent,
} from '@ledger/ledger-log';

/** What the runner adds to a stored event once it has checked it. */
export interface CheckedEnvelope extends Omit<StoredEvent, 'type' | 'data'> {
  readonly hash: string;
  readonly meta: LedgerMetadata;
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
}

/**
 * An event as every projection receives it: its hash checked against its record and against its
 * stream's chain, its data upcast to the current schema of its type, its two times at hand. Typed by
 * its `type`, so `switch (event.type)` narrows `event.data` to that type's current schema: the runner
 * refuses a type the ledger does not know and upcasts the rest, which is what makes this true.
 */
export type LedgerEvent = CheckedEnvelope & LedgerEventBody;

/** The events a category's streams hold: the command road writes no other type to them. */
interface CategoryEvents {
  [SUBJECT]: SubjectEvent;
  [POLICY]: PolicyEvent;
  [ACCESS]: AccessEvent;
  [WEBHOOK]: WebhookEvent;
}

/** `inCategory`, telling the compiler which events the stream can hold (no more work than the test). */
export function inStreamsOf<C extends keyof CategoryEvents>(
  event: LedgerEvent,
  category: C,
): event is Extract<LedgerEvent, CategoryEvents[C]> {
  return inCategory(event.stream, category);
}

/** An index that only queries use: nothing `apply` writes looks anything up by it. */
export interface QueryIndex {
  readonly name: string;
  /** `CREATE INDEX IF NOT EXISTS …` */
  readonly sql: string;
}

/**
 * A read model fed from the log. `apply` runs inside the runner's transaction, together with the
 * checkpoint, and must be synchronous; it may gather writes in memory and write them in `flush`,
 * which runs once at the end of each batch, still inside the transaction.
 */
export interface Projection {
  readonly name: string;
  /** Bump when the tables or what goes into them change: the runner then rebuilds from zero. */
  readonly version: number;
  /** Creates its tables if missing, with their indexes (`queryIndexes` among them). */
  setUp(): void;
  /**
   * Indexes only its queries read. A rebuild from zero drops them while it runs and builds each once
   * at its end (one sort, where keeping them row by row costs a B-tree insert per row); `setUp`
   * creates them too, so a rebuild cut short finds them made again at the next start.
   */
  readonly queryIndexes?: readonly QueryIndex[];
  /** Drops its tables, for a rebuild from zero. */
  tearDown(): void;
  apply(event: LedgerEvent): void;
  /** Writes what `apply` gathered (inside the batch's transaction). */
  flush?(): void;
  /** The batch was rolled back: forget what `apply` gathered. */
  discard?(): void;
  /** The batch is committed: caches may now show it. */
  committed?(): void;
  /**
   * What the batch just committed changed, named for the caches of another thread (the read models
   * fed on a thread of their own, see ThreadedProjectionRunner): asked after `committed`.
   */
  changes?(): readonly string[];
  /** Another thread committed a batch whose `changes()` were these: drop what they make stale. */
  changedElsewhere?(changes: readonly string[]): void;
  /** Another thread may have committed batches never told of (it died between commit and word): drop every cache. */
  changedUntold?(): void;
}

/** The event as the domain folds it; its data is already current, so it is not upcast again. */
export function recordedOf<E extends LedgerEventBody>(event: CheckedEnvelope & E): Recorded<E> {
  // Spelled out rather than spread: the runner's event reads its data lazily, through a getter.
  return {
    type: event.type,
    data: event.data,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    ref: { eventId: event.id, revision: event.revision },
  } as unknown as Recorded<E>;
}
