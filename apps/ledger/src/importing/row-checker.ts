import { extname, join, resolve } from 'node:path';
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
export class RowChecker {
  private worker?: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (rows: CheckedRow[]) => void; reject: (e: Error) => void }>();

  /** The batch's lines checked, on the thread, or (`here`) on this one. */
  check(batch: LineBatch, here = false): Promise<CheckedRow[]> {
    if (here) return checkLines(batch);
    const worker = this.worker ?? this.start();
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

  private start(): Worker {
    const worker = spawn();
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

/**
 * The thread runs the built JavaScript beside this file (the process's -r hooks and environment
 * resolve the @ledger/ names there too); run from TypeScript sources (the tests), it compiles them
 * as it loads them, as ts-jest does, with the same path names.
 */
function spawn(): Worker {
  const entry = join(__dirname, `row-check.worker${extname(__filename)}`);
  if (extname(__filename) !== '.ts') return new Worker(entry);
  const root = resolve(__dirname, '../../../..');
  return new Worker(FROM_SOURCES, { eval: true, workerData: { entry, root } });
}

const FROM_SOURCES = `
const { threadId, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { compilerOptions } = require(workerData.root + '/tsconfig.json');
// Each thread started compiles the same files: what was compiled is kept, by the source's digest.
const cache = join(tmpdir(), 'ledger-row-check-ts');
mkdirSync(cache, { recursive: true });
let ts;
require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const kept = join(cache, createHash('sha256').update(filename).update(source).digest('hex') + '.js');
  let output;
  try {
    output = readFileSync(kept, 'utf8');
  } catch {
    ts ??= require('typescript');
    output = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        esModuleInterop: true,
      },
    }).outputText;
    const part = kept + '.' + process.pid + '.' + threadId;
    writeFileSync(part, output);
    renameSync(part, kept);
  }
  module._compile(output, filename);
};
require('tsconfig-paths').register({ baseUrl: workerData.root, paths: compilerOptions.paths });
require(workerData.entry);
`;
