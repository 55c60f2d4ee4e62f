import { EventStore, Position, StoredEvent, Subscription } from '@ledger/event-store';
import { metadataOf } from '@ledger/ledger-log';
import { Projection } from './projection';
import { ReadModelDb } from './read-model-db';

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
}

export interface RunnerOptions {
  /** The checkpoint's name: one for the whole group of read models, which move together. */
  readonly name?: string;
  readonly batchSize?: number;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}

/**
 * Feeds read models from the log: subscribes after the stored checkpoint, applies events in
 * batches, and writes the checkpoint in the same transaction as the rows. A failing event stops
 * the group (it is retried with backoff, never skipped), and the lag shows it.
 */
export class ProjectionRunner {
  private readonly name: string;
  private readonly batchSize: number;
  private readonly now: () => number;
  private subscription?: Subscription;
  private loop?: Promise<void>;
  private stopping = false;
  private wakeFromBackoff?: () => void;
  private lastError?: string;
  private waiters: { position: Position; resolve: (reached: boolean) => void }[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelDb,
    private readonly projections: readonly Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.name = options.name ?? 'read-models';
    this.batchSize = options.batchSize ?? 500;
    this.now = options.now ?? Date.now;
    this.rebuildIfChanged();
    for (const projection of projections) projection.setUp();
  }

  /** Read models built by other projection code are dropped and rebuilt from the log. */
  private rebuildIfChanged(): void {
    const signature = this.projections.map((p) => `${p.name}@${p.version}`).join(',');
    const db = this.readModels.db;
    db.exec('CREATE TABLE IF NOT EXISTS read_model_versions (name TEXT PRIMARY KEY, signature TEXT NOT NULL)');
    const stored = db
      .prepare<[string], { signature: string }>('SELECT signature FROM read_model_versions WHERE name = ?')
      .get(this.name)?.signature;
    if (stored === signature) return;
    db.transaction(() => {
      if (stored !== undefined) for (const projection of this.projections) projection.tearDown();
      this.readModels.clearCheckpoint(this.name);
      db.prepare(
        'INSERT INTO read_model_versions (name, signature) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET signature = excluded.signature',
      ).run(this.name, signature);
    })();
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeFromBackoff?.();
    await this.subscription?.close();
    await this.loop;
    this.loop = undefined;
    for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
  }

  /** Drops every read model and its checkpoint; `start` then rebuilds them from the first event. */
  async reset(): Promise<void> {
    await this.stop();
    this.readModels.db.transaction(() => {
      for (const projection of this.projections) {
        projection.tearDown();
        projection.setUp();
      }
      this.readModels.clearCheckpoint(this.name);
    })();
  }

  get checkpoint(): Position | undefined {
    return this.readModels.checkpoint(this.name)?.position;
  }

  /** Resolves true once the read models include `position`, false after `timeoutMs`. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    if (this.reached(position)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve: (reached: boolean) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async status(): Promise<ProjectionStatus> {
    const saved = this.readModels.checkpoint(this.name);
    const head = await this.store.headPosition();
    const caughtUp =
      head === undefined || (saved !== undefined && this.store.comparePositions(saved.position, head) >= 0);
    let lagMs = 0;
    if (!caughtUp) {
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
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let batch: StoredEvent[] = [];
      try {
        this.subscription = this.store.subscribeToAll({ after: this.checkpoint });
        let live = false;
        for await (const message of this.subscription) {
          if (message.kind === 'caught-up') {
            live = true;
          } else {
            batch.push(message.event);
            if (!live && batch.length < this.batchSize) continue;
          }
          this.applyBatch(batch);
          batch = [];
          failures = 0;
        }
        this.applyBatch(batch);
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.onError?.(error);
        failures += 1;
        await this.subscription?.close().catch(() => undefined);
        if (!this.stopping) await this.backoff(Math.min(30_000, 100 * 2 ** Math.min(failures, 8)));
      }
    }
  }

  private applyBatch(batch: readonly StoredEvent[]): void {
    if (batch.length === 0) return;
    const applied = this.readModels.checkpoint(this.name)?.eventsApplied ?? 0;
    this.readModels.db.transaction(() => {
      for (const event of batch) {
        for (const projection of this.projections) projection.apply(event);
      }
      this.readModels.saveCheckpoint(this.name, batch[batch.length - 1].position, applied + batch.length);
    })();
    this.lastError = undefined;
    this.waiters = this.waiters.filter((waiter) => {
      if (!this.reached(waiter.position)) return true;
      waiter.resolve(true);
      return false;
    });
  }

  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const wake = () => done();
      this.wakeFromBackoff = wake;
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
