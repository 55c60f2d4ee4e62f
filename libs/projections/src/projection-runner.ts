import { EventStore, Position, StoredEvent, StoredText, Subscription, SubscriptionMessage } from '@ledger/event-store';
import {
  EventSchemas,
  IntegrityFailure,
  LEDGER_SCHEMAS,
  LedgerMetadata,
  metadataOf,
  verifiedHash,
  verifiedStoredHash,
} from '@ledger/ledger-log';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CheckedEnvelope, LedgerEvent, Projection } from './projection';
import { PositionWaiters } from './position-waiters';
import { ReadModelDb } from './read-model-db';
import { HeadEntry, StreamHeads } from './stream-heads';

/** Events checked together: their streams' heads are read in one query. */
const RUN = 256;

export interface ProjectionStatus {
  readonly running: boolean;
  /** The last position applied (exclusive start of the next read). */
  readonly checkpoint?: Position;
  /** The newest event in the log. */
  readonly head?: Position;
  readonly caughtUp: boolean;
  /** How long the oldest event not yet applied has been waiting; 0 when caught up. */
  readonly lagMs: number;
  readonly eventsApplied: number;
  readonly lastError?: string;
  /**
   * The read models hold a checkpoint past the end of the log (the store was restored or wiped while
   * they survived): nothing may be answered from them until they are rebuilt.
   */
  readonly aheadOfLog?: boolean;
}

export interface RunnerOptions {
  /** The checkpoint's name: one for the whole group of read models, which move together. */
  readonly name?: string;
  readonly batchSize?: number;
  /** Events per page and per transaction while catching up (a rebuild from zero); 10,000 by default. */
  readonly catchUpBatchSize?: number;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
  /** The schemas events are upcast to before any projection sees them; the ledger's own by default. */
  readonly schemas?: EventSchemas;
  /**
   * Live by pages instead of a subscription: after catching up, wait for this (new appends, or a
   * while) and catch up again. A thread that cannot see the writer's appends is told of them.
   */
  readonly appended?: () => Promise<void>;
  /** Told after each committed batch: the new checkpoint and each projection's `changes()`. */
  readonly onCommitted?: (committed: CommittedBatch) => void;
}

/** A batch as another thread hears of it (see ThreadedProjectionRunner). */
export interface CommittedBatch {
  /** Absent while the log is empty. */
  readonly checkpoint?: Position;
  readonly eventsApplied: number;
  /** By projection name, what it changed (only the projections that say). */
  readonly changes: Record<string, readonly string[]>;
  /** Whether the batch was a live one, not a full page of a catch-up. */
  readonly following: boolean;
}

/** What the app asks of whatever feeds its read models, on this thread or another. */
export interface ReadModelFeed {
  start(): void;
  /** Resolves once the feed has applied its first page since `start` (or failed it), at most `timeoutMs` later. */
  started(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
  reset(): Promise<void>;
  readonly checkpoint: Position | undefined;
  waitFor(position: Position, timeoutMs: number): Promise<boolean>;
  /**
   * `waitFor`, but only while the read models follow the log live: at once when they are catching up
   * (a rebuild), stopped or failing. A command's answer waits on it, so that whoever wrote reads it.
   */
  settle(position: Position, timeoutMs: number): Promise<void>;
  status(): Promise<ProjectionStatus>;
}

/**
 * Feeds read models from the log: subscribes after the stored checkpoint, checks every event's hash
 * and its chain to the one before it in its stream, upcasts it once, and applies it to every
 * projection; rows and checkpoint are written in one transaction per batch. A failing or tampered
 * event stops the group (it is retried with backoff, never skipped), and the status shows it.
 */
export class ProjectionRunner implements ReadModelFeed {
  private readonly name: string;
  private readonly batchSize: number;
  private readonly catchUpBatchSize: number;
  private readonly now: () => number;
  private readonly schemas: EventSchemas;
  private readonly heads: StreamHeads;
  private subscription?: Subscription;
  private loop?: Promise<void>;
  private stopping = false;
  private wakeFromBackoff?: () => void;
  private lastError?: string;
  private readonly waiters = new PositionWaiters((position) => this.reached(position));
  /** The last batch was live (shorter than a catch-up page), and nothing has failed since. */
  private following = false;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelDb,
    private readonly projections: readonly Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.name = options.name ?? 'read-models';
    this.batchSize = options.batchSize ?? 2000;
    this.catchUpBatchSize = options.catchUpBatchSize ?? 10_000;
    this.now = options.now ?? Date.now;
    this.schemas = options.schemas ?? LEDGER_SCHEMAS;
    this.heads = new StreamHeads(readModels.db);
    this.rebuildIfChanged();
    this.heads.setUp();
    for (const projection of projections) projection.setUp();
  }

  /** Read models built by other projection code are dropped and rebuilt from the log. */
  private rebuildIfChanged(): void {
    const signature = [
      `stream-heads@${StreamHeads.version}`,
      ...this.projections.map((p) => `${p.name}@${p.version}`),
    ].join(',');
    const db = this.readModels.db;
    db.exec('CREATE TABLE IF NOT EXISTS read_model_versions (name TEXT PRIMARY KEY, signature TEXT NOT NULL)');
    const stored = db
      .prepare<[string], { signature: string }>('SELECT signature FROM read_model_versions WHERE name = ?')
      .get(this.name)?.signature;
    if (stored === signature) return;
    db.transaction(() => {
      if (stored !== undefined) this.tearDownAll();
      this.readModels.clearCheckpoint(this.name);
      db.prepare(
        'INSERT INTO read_model_versions (name, signature) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET signature = excluded.signature',
      ).run(this.name, signature);
    })();
  }

  private tearDownAll(): void {
    this.heads.tearDown();
    for (const projection of this.projections) projection.tearDown();
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.following = false;
    this.wakeFromBackoff?.();
    await this.subscription?.close();
    await this.loop;
    this.loop = undefined;
    this.waiters.abandon();
  }

  /** Drops every read model and its checkpoint; `start` then rebuilds them from the first event. */
  async reset(): Promise<void> {
    await this.stop();
    this.readModels.db.transaction(() => {
      this.tearDownAll();
      this.heads.setUp();
      for (const projection of this.projections) projection.setUp();
      this.readModels.clearCheckpoint(this.name);
    })();
    this.lastError = undefined;
  }

  get checkpoint(): Position | undefined {
    return this.readModels.checkpoint(this.name)?.position;
  }

  /** Resolves true once the read models include `position`, false after `timeoutMs`. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    return this.waiters.wait(position, timeoutMs);
  }

  /** `saved`: the checkpoint to report (another thread's, as last heard); the stored one by default. */
  async settle(position: Position, timeoutMs: number): Promise<void> {
    if (this.following && !this.stopping) await this.waitFor(position, timeoutMs);
  }

  /** The first page is applied within `start` itself here (the store is read synchronously). */
  async started(): Promise<void> {}

  async status(
    saved: { position: Position; eventsApplied: number } | undefined = this.readModels.checkpoint(this.name),
  ): Promise<ProjectionStatus> {
    const head = await this.store.headPosition();
    const aheadOfLog =
      saved !== undefined && (head === undefined || this.store.comparePositions(saved.position, head) > 0);
    const caughtUp =
      !aheadOfLog &&
      (head === undefined || (saved !== undefined && this.store.comparePositions(saved.position, head) >= 0));
    let lagMs = 0;
    if (!caughtUp && !aheadOfLog) {
      const [oldest] = await this.store.readAll({ after: saved?.position, maxCount: 1 });
      const recordedAt = oldest ? Date.parse(metadataOf(oldest).recordedAt) : NaN;
      lagMs = Number.isNaN(recordedAt) ? 0 : Math.max(0, this.now() - recordedAt);
    }
    return {
      running: this.loop !== undefined && !this.stopping,
      ...(saved ? { checkpoint: saved.position } : {}),
      ...(head ? { head } : {}),
      caughtUp,
      lagMs,
      eventsApplied: saved?.eventsApplied ?? 0,
      ...(aheadOfLog ? { aheadOfLog: true } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private async run(): Promise<void> {
    if (this.options.appended) return this.runByPages(this.options.appended);
    let failures = 0;
    while (!this.stopping) {
      let batch: StoredEvent[] = [];
      try {
        await this.catchUp();
        if (this.stopping) break;
        this.subscription = this.store.subscribeToAll({ after: this.checkpoint });
        const messages = this.subscription[Symbol.asyncIterator]();
        let pending: Promise<IteratorResult<SubscriptionMessage>> | undefined;
        for (;;) {
          const next = pending ?? messages.next();
          pending = undefined;
          // Apply what has arrived as soon as nothing more is ready at once: big batches while
          // catching up or under load, no waiting when the log is quiet.
          const ready = batch.length === 0 ? await next : await Promise.race([next, nextTurn().then(() => undefined)]);
          if (ready === undefined) {
            pending = next;
            this.applyBatch(batch);
            batch = [];
            failures = 0;
            continue;
          }
          if (ready.done) break;
          if (ready.value.kind === 'event') batch.push(ready.value.event);
          if (batch.length >= this.batchSize) {
            this.applyBatch(batch);
            batch = [];
            failures = 0;
          }
        }
        this.applyBatch(batch);
      } catch (error) {
        this.following = false;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.onError?.(error);
        failures += 1;
        await this.subscription?.close().catch(() => undefined);
        if (!this.stopping) await this.backoff(Math.min(30_000, 100 * 2 ** Math.min(failures, 8)));
      }
    }
  }

  /** Live by pages: catch up, wait to be told of appends, catch up again; failures back off. */
  private async runByPages(appended: () => Promise<void>): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        await this.catchUp();
        failures = 0;
        if (this.stopping) break;
        await new Promise<void>((resolve) => {
          this.wakeFromBackoff = resolve;
          void appended().then(resolve);
        });
      } catch (error) {
        this.following = false;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.onError?.(error);
        failures += 1;
        if (!this.stopping) await this.backoff(Math.min(30_000, 100 * 2 ** Math.min(failures, 8)));
      }
    }
  }

  /**
   * Catching up (a rebuild from zero, a restart behind the log): whole pages read straight from the
   * store and applied one transaction each, with no subscription handing events over one at a time.
   * The live subscription takes over from the checkpoint once a page comes back short.
   */
  private async catchUp(): Promise<void> {
    // From zero, the indexes only queries read are built once at the end (Projection.queryIndexes).
    const deferred = this.checkpoint === undefined ? this.projections.flatMap((p) => p.queryIndexes ?? []) : [];
    if (deferred.length > 0) {
      this.readModels.db.transaction(() => {
        for (const index of deferred) this.readModels.db.exec(`DROP INDEX IF EXISTS ${index.name}`);
      })();
    }
    try {
      while (!this.stopping) {
        const options = { after: this.checkpoint, maxCount: this.catchUpBatchSize };
        const page = this.store.eachStoredText
          ? this.store.eachStoredText(options)
          : this.store.readAllText
            ? await this.store.readAllText(options)
            : await this.store.readAll(options);
        if (this.applyBatch(page) < this.catchUpBatchSize) return;
        // Let queries and health checks in between pages.
        await nextTurn();
      }
    } finally {
      // Also when stopped or failed part-way: the rows applied so far are indexed, and the rest row by row.
      if (deferred.length > 0) {
        this.readModels.db.transaction(() => {
          for (const index of deferred) this.readModels.db.exec(index.sql);
        })();
      }
    }
  }

  /**
   * One transaction: every event checked and applied, then the checkpoint moved if nobody else did.
   * Returns how many events the batch held (a page read while it is applied is counted as it goes).
   */
  private applyBatch(batch: Iterable<StoredEvent | StoredText>): number {
    if (Array.isArray(batch) && batch.length === 0) return 0;
    const db = this.readModels.db;
    let read = 0;
    let applied = 0;
    /** The checkpoint once the batch is in: told to another thread without reading it again. */
    let checkpoint: { position: Position; eventsApplied: number } | undefined;
    try {
      db.transaction(() => {
        const saved = this.readModels.checkpoint(this.name);
        checkpoint = saved;
        let last: Position | undefined;
        // In runs, so that the heads of a run's streams are read in one query (StreamHeads.entries).
        const run: (StoredEvent | StoredText)[] = [];
        const streams: string[] = [];
        const applyRun = () => {
          const heads = this.heads.entries(streams);
          for (let i = 0; i < run.length; i++) {
            const event = run[i];
            const ledgerEvent =
              typeof event.data === 'string'
                ? this.checkedText(event as StoredText, heads[i])
                : this.checked(event as StoredEvent, heads[i]);
            for (const projection of this.projections) projection.apply(ledgerEvent);
            applied += 1;
            last = event.position;
          }
          run.length = 0;
          streams.length = 0;
        };
        // A batch is in the log's order: once one event lies past the checkpoint, so do the rest.
        let past = saved === undefined;
        for (const event of batch) {
          read += 1;
          // Delivered again (a subscription restarted mid-batch): already in the read models.
          if (!past && this.store.comparePositions(event.position, saved!.position) <= 0) continue;
          past = true;
          run.push(event);
          streams.push(event.stream);
          if (run.length === RUN) applyRun();
        }
        applyRun();
        if (last === undefined) {
          this.heads.discard();
          return;
        }
        for (const projection of this.projections) projection.flush?.();
        this.heads.flush();
        checkpoint = { position: last, eventsApplied: (saved?.eventsApplied ?? 0) + applied };
        this.readModels.saveCheckpoint(this.name, last, checkpoint.eventsApplied, saved?.position);
      })();
    } catch (error) {
      this.heads.discard();
      for (const projection of this.projections) projection.discard?.();
      throw error;
    }
    for (const projection of this.projections) projection.committed?.();
    this.lastError = undefined;
    const wasFollowing = this.following;
    this.following = read < this.catchUpBatchSize;
    if (this.options.onCommitted && (applied > 0 || this.following !== wasFollowing)) this.tellCommitted(checkpoint);
    this.waiters.release();
    return read;
  }

  private tellCommitted(saved: { position: Position; eventsApplied: number } | undefined): void {
    const changes: Record<string, readonly string[]> = {};
    for (const projection of this.projections) {
      const changed = projection.changes?.();
      if (changed && changed.length > 0) changes[projection.name] = changed;
    }
    this.options.onCommitted!({
      ...(saved ? { checkpoint: saved.position } : {}),
      eventsApplied: saved?.eventsApplied ?? 0,
      changes,
      following: this.following,
    });
  }

  /** The event with its verified hash and its data in the current schema. */
  private checked(event: StoredEvent, head: HeadEntry): LedgerEvent {
    const hash = verifiedHash(event, head);
    moveHead(head, event.revision, hash);
    const from = metadataOf(event).schemaVersion ?? 1;
    this.schemas.currentVersion(event, from);
    return typed(
      new CheckedEvent(event, this.currentMetadata(event, event.metadata), hash, this.schemas, from, event.data),
    );
  }

  /**
   * The same for an event read as stored text: its bytes hashed as stored (`verifiedStoredHash`), its
   * metadata parsed, and its data parsed only if a projection reads it (or if its bytes had to be
   * checked the canonical way, by `verifiedHash`).
   */
  private checkedText(event: StoredText, head: HeadEntry): LedgerEvent {
    const metadata = JSON.parse(event.metadata) as Record<string, unknown>;
    let hash = verifiedStoredHash(event, metadata, head);
    let data: Record<string, unknown> | undefined;
    if (hash === undefined) {
      data = JSON.parse(event.data) as Record<string, unknown>;
      hash = verifiedHash({ ...event, data, metadata }, head);
    }
    moveHead(head, event.revision, hash);
    const from = metadataOf({ metadata }).schemaVersion ?? 1;
    this.schemas.currentVersion(event, from);
    return typed(new CheckedEvent(event, this.currentMetadata(event, metadata), hash, this.schemas, from, data));
  }

  /** The metadata as projections see it: naming the schema its data is now in (a copy only when upcast). */
  private currentMetadata(event: { type: string }, metadata: Record<string, unknown>): Record<string, unknown> {
    const current = this.schemas.versions[event.type];
    return metadata.schemaVersion === current ? metadata : { ...metadata, schemaVersion: current };
  }

  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      this.wakeFromBackoff = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private reached(position: Position): boolean {
    const checkpoint = this.checkpoint;
    return checkpoint !== undefined && this.store.comparePositions(checkpoint, position) >= 0;
  }
}

/** The stream's head is now this event (written back when the batch ends). */
function moveHead(head: HeadEntry, revision: number, hash: string): void {
  head.revision = revision;
  head.hash = hash;
  head.changed = true;
}

/**
 * The one place an event's data is taken to be of its type's current schema, with no check per
 * event: `currentVersion` has just refused a type these schemas do not know and any version that
 * cannot be brought up, and `data` upcasts to the current one. (A test's own schemas may add types
 * beyond the ledger's; its projections read them knowing so.)
 */
function typed(event: CheckedEvent): LedgerEvent {
  return event as CheckedEnvelope as LedgerEvent;
}

/**
 * A checked event as projections receive it. Its data is parsed (when read as text) and upcast on
 * first use: most events are read by few projections, and some (command claims) by none.
 */
class CheckedEvent implements CheckedEnvelope {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: Position;
  readonly type: string;
  readonly meta: LedgerMetadata;
  readonly occurredAt: LedgerMetadata['occurredAt'];
  readonly recordedAt: LedgerMetadata['recordedAt'];
  private current?: Record<string, unknown>;

  constructor(
    private readonly stored: StoredEvent | StoredText,
    readonly metadata: Record<string, unknown>,
    readonly hash: string,
    private readonly schemas: EventSchemas,
    /** The schema version its data was stored in. */
    private readonly from: number,
    /** The stored data, when already parsed. */
    private parsed: Record<string, unknown> | undefined,
  ) {
    this.id = stored.id;
    this.stream = stored.stream;
    this.revision = stored.revision;
    this.position = stored.position;
    this.type = stored.type;
    this.meta = metadataOf({ metadata });
    this.occurredAt = this.meta.occurredAt;
    this.recordedAt = this.meta.recordedAt;
  }

  /** Written as the plain event it stands for (as the runner handed them before), not its insides. */
  toJSON(): object {
    const { id, stream, revision, position, type, data, metadata, meta, hash, occurredAt, recordedAt } = this;
    return { id, stream, revision, position, type, data, metadata, meta, hash, occurredAt, recordedAt };
  }

  get data(): Record<string, unknown> {
    if (this.current === undefined) {
      // Only a StoredText comes without its data parsed.
      const parsed = this.parsed ?? (JSON.parse(this.stored.data as string) as Record<string, unknown>);
      this.current =
        this.from === this.schemas.versions[this.type]
          ? parsed
          : this.schemas.currentData({ ...this.stored, data: parsed, metadata: { schemaVersion: this.from } });
      this.parsed = undefined;
    }
    return this.current;
  }
}

export { IntegrityFailure };
