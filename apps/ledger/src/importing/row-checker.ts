import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CheckedRow, checkLines, LineBatch } from './row-check';

/**
 * Checks an import's lines on a worker thread of its own — the same parsing, shape check and
 * validation pipe as on the main thread (row-check.ts), which then only decides and writes. One
 * thread serves every import of the process; it starts with the first batch sent to it, keeps the
 * process alive only while it holds batches, and a thread that fails fails those (the next batch starts
 * a new one). Nothing it does is durable: an import that stops loses only checks, made again on
 * its next run.
 */
/** Where the thread's code is, and what it needs to load it. */
export interface RowCheckThread {
  readonly entry: string;
  readonly execArgv?: string[];
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The built thread beside this file (the process's -r hooks and environment resolve the @ledger/
 * names there too). Run from TypeScript sources (the tests) there is none, and rows are checked on
 * the main thread, unless a test hands it the built one (row-checker.spec.ts).
 */
export const BUILT_THREAD: RowCheckThread | undefined =
  extname(__filename) === '.ts' ? undefined : { entry: join(__dirname, 'row-check.worker.js') };

export class RowChecker {
  private worker?: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (rows: CheckedRow[]) => void; reject: (e: Error) => void }>();

  constructor(private readonly thread: RowCheckThread | undefined = BUILT_THREAD) {}

  /** The batch's lines checked, on the thread, or (`here`, or without a thread) on this one. */
  check(batch: LineBatch, here = false): Promise<CheckedRow[]> {
    if (here || !this.thread) return checkLines(batch);
    const worker = this.worker ?? this.start(this.thread);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // Held while it has work: an import awaiting its answers keeps the process alive.
      if (this.waiting.size === 0) worker.ref();
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, batch });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(thread: RowCheckThread): Worker {
    const worker = new Worker(thread.entry, { execArgv: thread.execArgv, env: thread.env });
    worker.unref();
    worker.on('message', (answer: { id: number; rows?: CheckedRow[]; error?: string }) => {
      const waiting = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if (this.waiting.size === 0) worker.unref();
      if (answer.rows) waiting?.resolve(answer.rows);
      else waiting?.reject(new Error(`checking an import's rows failed: ${answer.error}`));
    });
    const failed = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const { reject } of this.waiting.values()) reject(error);
      this.waiting.clear();
    };
    worker.on('error', failed);
    worker.on('exit', (code) => failed(new Error(`the import's row-checking thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
