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
      parentPort.postMessage({ id: message.id, outcomes });
    } catch (error) {
      const e = error as { message?: string; code?: string };
      parentPort.postMessage({ id: message.id, error: { message: String(e?.message ?? error), code: e?.code } });
    }
  });
}
