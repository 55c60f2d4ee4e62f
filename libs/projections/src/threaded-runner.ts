import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { Position, SqliteEventStore } from '@ledger/event-store';
import { IntegrityFailure } from '@ledger/ledger-log';
import { Projection } from './projection';
import { CommittedBatch, ProjectionRunner, ProjectionStatus, ReadModelFeed, RunnerOptions } from './projection-runner';
import { PositionWaiters } from './position-waiters';
import { ReadModelDb } from './read-model-db';

/** Where the read models' thread finds the log and what it is told to run. */
export interface ProjectionThreadOptions {
  /** The embedded store's file: the thread reads it on a connection of its own. */
  readonly eventsFile: string;
  /** The thread's compiled script; projection-thread.js beside this file by default. */
  readonly script?: string;
  readonly execArgv?: string[];
  readonly env?: NodeJS.ProcessEnv;
  /** How long the thread waits to be told of a commit before it looks at the log anyway (1 s). */
  readonly lookAnywayMs?: number;
}

/** What the thread is given (structured-cloned: no functions). */
export interface ProjectionThreadData {
  readonly eventsFile: string;
  /** The store's count of group commits, which the thread waits on (see CommitSignal). */
  readonly commits: SharedArrayBuffer;
  readonly lookAnywayMs: number;
  readonly readModelFile: string;
  readonly runner: Pick<RunnerOptions, 'name' | 'batchSize' | 'catchUpBatchSize'>;
}

/** What the thread says. */
export type ProjectionThreadMessage =
  | { readonly kind: 'committed'; readonly batch: CommittedBatch }
  | {
      readonly kind: 'failed';
      readonly message: string;
      readonly integrity?: { stream: string; revision: number; reason: IntegrityFailure['reason'] };
    };

/**
 * The read models fed on a thread of their own, so that checking each event's hash, folding it and
 * writing the rows no longer takes the main thread from the requests (docs/benchmarks.md). The thread
 * runs the same ProjectionRunner on its own connections to the log and to the read-model file; it is
 * told of each group commit and says what each committed batch changed.
 *
 * This side keeps the checkpoint as last heard: a query that waits for a position (`waitFor`) is let
 * go only once the batch holding it is heard of and the caches it made stale (a person's folded
 * state, the policy book) are dropped, so read-your-writes holds as on one thread.
 */
export class ThreadedProjectionRunner implements ReadModelFeed {
  private worker?: Worker;
  private stopping = false;
  private heard?: { position: Position; eventsApplied: number };
  private lastError?: string;
  private readonly waiters = new PositionWaiters((position) => this.reached(position));
  private restartTimer?: NodeJS.Timeout;
  private restarts = 0;
  private following = false;
  /** The thread has said something since it was started: until then it may be loading, not behind. */
  private reported = false;
  private firstReport: Promise<void> = Promise.resolve();
  private onFirstReport?: () => void;

  constructor(
    /** The same read models on this thread: tables, status and reset, never started. */
    private readonly local: ProjectionRunner,
    private readonly store: SqliteEventStore,
    private readonly readModels: ReadModelDb,
    private readonly projections: readonly Projection[],
    private readonly readModelFile: string,
    private readonly thread: ProjectionThreadOptions,
    private readonly options: RunnerOptions = {},
  ) {}

  start(): void {
    if (this.worker) return;
    this.stopping = false;
    this.heard = this.readModels.checkpoint(this.options.name ?? 'read-models');
    // A thread stopped before may have committed a batch whose word never came.
    this.forgetCaches();
    this.spawn();
  }

  private spawn(): void {
    this.reported = false;
    this.firstReport = new Promise((resolve) => (this.onFirstReport = resolve));
    const data: ProjectionThreadData = {
      eventsFile: this.thread.eventsFile,
      // Group commits, counted where the thread waits on them (a postMessage per commit cost the main
      // thread ~2.5 % under checks, by a CPU profile): see CommitSignal.
      commits: this.store.commits.buffer,
      lookAnywayMs: this.thread.lookAnywayMs ?? 1_000,
      readModelFile: this.readModelFile,
      runner: {
        name: this.options.name,
        batchSize: this.options.batchSize,
        catchUpBatchSize: this.options.catchUpBatchSize,
      },
    };
    const worker = new Worker(this.thread.script ?? join(__dirname, 'projection-thread.js'), {
      workerData: data,
      ...(this.thread.execArgv ? { execArgv: this.thread.execArgv } : {}),
      ...(this.thread.env ? { env: this.thread.env } : {}),
    });
    this.worker = worker;
    worker.on('message', (message: ProjectionThreadMessage) => this.heardFrom(message));
    worker.on('error', (error) => {
      this.lastError = `the read models' thread failed: ${error.message}`;
      this.options.onError?.(error);
    });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.following = false;
      // It may have died between committing a batch and telling of it: the batch is in the read
      // models, and the next thread goes on after it, so what it made stale would never be dropped.
      this.forgetCaches();
      this.onFirstReport?.();
      if (this.stopping) return;
      // Stopped on its own (it never should): started again, the log read from the checkpoint on.
      this.lastError ??= "the read models' thread stopped";
      this.restarts += 1;
      this.restartTimer = setTimeout(
        () => {
          this.restartTimer = undefined;
          if (!this.stopping && !this.worker) this.spawn();
        },
        Math.min(30_000, 100 * 2 ** Math.min(this.restarts, 8)),
      );
    });
  }

  private forgetCaches(): void {
    for (const projection of this.projections) projection.changedUntold?.();
  }

  private heardFrom(message: ProjectionThreadMessage): void {
    this.reported = true;
    this.onFirstReport?.();
    if (message.kind === 'failed') {
      this.following = false;
      this.lastError = message.message;
      const { integrity } = message;
      this.options.onError?.(
        integrity
          ? new IntegrityFailure(integrity.stream, integrity.revision, integrity.reason)
          : new Error(message.message),
      );
      return;
    }
    const { batch } = message;
    // Stale caches first, then the waiters: whoever waited for this batch reads it, not a cached past.
    for (const projection of this.projections) {
      const changes = batch.changes[projection.name];
      if (changes) projection.changedElsewhere?.(changes);
    }
    if (batch.checkpoint !== undefined) this.heard = { position: batch.checkpoint, eventsApplied: batch.eventsApplied };
    this.following = batch.following;
    this.lastError = undefined;
    this.restarts = 0;
    this.waiters.release();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.following = false;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (worker) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('stop');
      this.store.commits.raise(); // wakes a thread waiting for commits, so that it reads the message
      // A thread stuck in a page would hold the shutdown: past a while it is ended (its transaction
      // rolls back with it, and the next start applies that page again).
      const timer = setTimeout(() => void worker.terminate(), 10_000);
      await exited;
      clearTimeout(timer);
      this.worker = undefined;
    }
    this.waiters.abandon();
  }

  async reset(): Promise<void> {
    await this.stop();
    await this.local.reset();
    this.heard = undefined;
    this.lastError = undefined;
  }

  get checkpoint(): Position | undefined {
    return this.heard?.position;
  }

  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    return this.waiters.wait(position, timeoutMs);
  }

  /** As on one thread, where the first page is applied within `start`: a ledger takes requests after it. */
  async started(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.firstReport, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  async settle(position: Position, timeoutMs: number): Promise<void> {
    // A thread just started is loading its code (tens of milliseconds): a write answered meanwhile
    // waits for it as for one that follows the log, not as for one catching up.
    if ((this.following || !this.reported) && this.worker && !this.stopping) await this.waitFor(position, timeoutMs);
  }

  async status(): Promise<ProjectionStatus> {
    const status = await this.local.status(this.heard);
    const { lastError: _unused, ...rest } = status;
    return {
      ...rest,
      running: this.worker !== undefined && !this.stopping,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private reached(position: Position): boolean {
    return this.heard !== undefined && this.store.comparePositions(this.heard.position, position) >= 0;
  }
}
