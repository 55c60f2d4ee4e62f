import Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { batchWriter, SerialisedAppend, WriteOutcome } from './batch-writer';

/** Where the embedded store's group commits run. */
export interface Committer<B = readonly (readonly SerialisedAppend[])[], O = WriteOutcome[]> {
  commit(batch: B): Promise<O>;
  close(): Promise<void>;
}

/** What a writer thread runs: made from a connection, its source text self-contained (no outer names). */
export type MakeWriter<B, O> = (db: Database.Database) => { commit(batch: B): O };

/** A store failure as the writer saw it: SQLite's code travels with it (see sqlite-failures.ts). */
export class WriterError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'WriterError';
  }
}

/**
 * Group commits counted in shared memory, for a thread that reads the log to wait on: [0] is raised
 * after each commit is on disk, [1] is 1 while a reader waits (it is woken only then). The writer
 * thread raises it itself: waking another thread from the main one cost it ~3 % of its time under
 * grants (a CPU profile, in `Atomics.notify`), since the switch lands on a busy core.
 */
export class CommitSignal {
  readonly buffer = new SharedArrayBuffer(8);
  private readonly counts = new Int32Array(this.buffer);

  /** Raised from this thread (an in-thread committer, or to wake a reader for another reason). */
  raise(): void {
    Atomics.add(this.counts, 0, 1);
    if (Atomics.load(this.counts, 1) === 1) Atomics.notify(this.counts, 0);
  }
}

/**
 * The reader's side of a CommitSignal's buffer: resolves once a commit was counted after `seen`, or
 * after `timeoutMs`; returns the count to compare with next time. It says that it waits before it
 * compares, so a commit counted meanwhile either wakes it or is seen by the compare.
 */
export async function commitAfter(buffer: SharedArrayBuffer, seen: number, timeoutMs: number): Promise<number> {
  const counts = new Int32Array(buffer);
  if (Atomics.load(counts, 0) === seen) {
    Atomics.store(counts, 1, 1);
    const waiting = (Atomics as unknown as AtomicsWaitAsync).waitAsync(counts, 0, seen, timeoutMs);
    if (waiting.async) await waiting.value;
    Atomics.store(counts, 1, 0);
  }
  return Atomics.load(counts, 0);
}

/** Atomics.waitAsync (Node 16+; not in TypeScript's ES2022 lib). */
interface AtomicsWaitAsync {
  waitAsync(
    array: Int32Array,
    index: number,
    value: number,
    timeoutMs: number,
  ): { async: false; value: string } | { async: true; value: Promise<string> };
}

/** On the caller's thread: for in-memory stores, which another thread cannot open. */
export function inThreadCommitter(db: Database.Database): Committer {
  const writer = batchWriter(db);
  return {
    commit: async (batch) => writer.commit(batch),
    close: async () => undefined,
  };
}

/**
 * On a thread of its own, with its own connection: SQLite's writes and the fsync of every commit
 * (`synchronous=FULL`, set here on open like everywhere else) no longer stop the event loop, which
 * goes on deciding the next batch meanwhile. The thread runs `batchWriter`'s source text, so there
 * is one write path whichever thread runs it.
 */
export class ThreadCommitter<B = readonly (readonly SerialisedAppend[])[], O = WriteOutcome[]> implements Committer<
  B,
  O
> {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (o: O) => void; reject: (e: unknown) => void }>();
  private next = 1;
  private failure?: WriterError;
  private closing?: Promise<void>;

  constructor(options: {
    readonly file: string;
    readonly maxPageCount?: number;
    /** Extra pragmas for the writer's connection (e.g. secure_delete for the key store). */
    readonly pragmas?: readonly string[];
    readonly makeWriter?: MakeWriter<B, O>;
    /** Counted up by the thread after each commit, and a waiter woken (see `CommitSignal`). */
    readonly commits?: CommitSignal;
  }) {
    const make = options.makeWriter ?? (batchWriter as unknown as MakeWriter<B, O>);
    const source = `(${writerThread.toString()})(${make.toString()})`;
    this.worker = new Worker(source, {
      eval: true,
      workerData: {
        file: options.file,
        maxPageCount: options.maxPageCount,
        pragmas: options.pragmas ?? [],
        driver: require.resolve('better-sqlite3'),
        commits: options.commits?.buffer,
      },
    });
    // The thread keeps the process alive only while a commit is on its way.
    this.worker.unref();
    this.worker.on('message', (message: { id: number; outcomes?: O; error?: { message: string; code?: string } }) => {
      const waiter = this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id);
      if (this.waiting.size === 0) this.worker.unref();
      if (message.error) waiter.reject(new WriterError(message.error.message, message.error.code));
      else waiter.resolve(message.outcomes!);
    });
    this.worker.on('error', (error) =>
      this.fail(new WriterError(`the writer thread failed: ${error.message}`, 'SQLITE_IOERR')),
    );
    this.worker.on('exit', () => this.fail(new WriterError('the writer thread stopped', 'SQLITE_IOERR')));
  }

  commit(batch: B): Promise<O> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, batch });
    });
  }

  /** The writer connection's journal mode and synchronous level, as SQLite reports them. */
  pragmas(): Promise<{ journalMode: string; synchronous: number }> {
    return this.commit({ pragmas: true } as unknown as B) as unknown as Promise<{
      journalMode: string;
      synchronous: number;
    }>;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.worker.ref();
      this.worker.postMessage({ close: true });
      await new Promise((resolve) => this.worker.once('exit', resolve));
    })();
    return this.closing;
  }

  private fail(failure: WriterError): void {
    this.failure ??= failure;
    for (const waiter of this.waiting.values()) waiter.reject(failure);
    this.waiting.clear();
  }
}

/** The writer thread's body (run from its source text: no outer names, only what it requires). */
function writerThread(makeWriter: MakeWriter<unknown, unknown>): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parentPort, workerData } = require('node:worker_threads');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Driver = require(workerData.driver);
  const db = new Driver(workerData.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  if (Number(db.pragma('synchronous', { simple: true })) !== 2) {
    throw new Error('SQLite refused synchronous=FULL; acknowledged writes would not be durable');
  }
  if (workerData.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.floor(workerData.maxPageCount)}`);
  for (const pragma of workerData.pragmas as string[]) db.pragma(pragma);
  const writer = makeWriter(db);
  const commits: Int32Array | undefined = workerData.commits ? new Int32Array(workerData.commits) : undefined;
  parentPort.on('message', (message: { id: number; batch: unknown; close?: true }) => {
    if (message.close) {
      db.close();
      parentPort.close();
      return;
    }
    try {
      const batch = message.batch as { pragmas?: true };
      const outcomes = batch?.pragmas
        ? {
            journalMode: String(db.pragma('journal_mode', { simple: true })),
            synchronous: Number(db.pragma('synchronous', { simple: true })),
          }
        : writer.commit(message.batch);
      // Committed: on disk and visible to every connection. Told here, off the main thread (see CommitSignal).
      if (commits && !batch?.pragmas) {
        Atomics.add(commits, 0, 1);
        if (Atomics.load(commits, 1) === 1) Atomics.notify(commits, 0);
      }
      parentPort.postMessage({ id: message.id, outcomes });
    } catch (error) {
      const e = error as { message?: string; code?: string };
      parentPort.postMessage({ id: message.id, error: { message: String(e?.message ?? error), code: e?.code } });
    }
  });
}
