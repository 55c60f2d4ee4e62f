import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CheckedEvent, ExportVerifier, lineNotUtf8, lineTooLong, MAX_EXPORT_LINE_BYTES } from '@ledger/ledger-log';
import { Progress } from './progress';
import { CheckedBatch, FIELD, LineBatch } from './verify-worker';

const FIELD_BYTE = FIELD.charCodeAt(0);

const WORKER_FILE = join(__dirname, 'verify-worker.js');

/**
 * How many worker threads `verify` uses: LEDGER_AUDIT_WORKERS, none by default. On our two-core
 * machines threads did not pay (handing lines over costs a quarter more CPU in all, and the second
 * core is rarely free; docs/benchmarks.md); a machine with cores to spare may ask for them. None
 * either when the compiled worker is not there (running from TypeScript sources, as the tests do).
 */
export function verifyWorkers(env: NodeJS.ProcessEnv = process.env): number {
  if (!existsSync(WORKER_FILE)) return 0;
  const n = Number(env.LEDGER_AUDIT_WORKERS ?? 0);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 16) : 0;
}

/** Bytes of whole lines per batch handed to a worker: LEDGER_AUDIT_BATCH_KB, 1024 by default. */
export function batchBytes(env: NodeJS.ProcessEnv = process.env): number {
  const kb = Number(env.LEDGER_AUDIT_BATCH_KB ?? 1024);
  return (Number.isInteger(kb) && kb >= 16 && kb <= 65536 ? kb : 1024) * 1024;
}

/**
 * Feeds the export to the verifier with the order-free checks of event lines done on `workers`
 * threads: batches of whole lines go out round-robin and come back in order. A problem stops it
 * (thrown by `onProblem`). Returns the number of lines.
 */
export async function verifyInParallel(
  file: string,
  verifier: ExportVerifier,
  workers: number,
  onProblem: (problem: NonNullable<ReturnType<ExportVerifier['accept']>>) => never,
  progress?: Progress,
): Promise<number> {
  const pool = Array.from({ length: workers }, () => new Worker(WORKER_FILE));
  const waiting = new Map<number, { resolve: (records: Uint8Array) => void; reject: (error: unknown) => void }>();
  const arrived = new Map<number, Uint8Array>();
  let failure: unknown;
  for (const worker of pool) {
    worker.on('message', ({ seq, records }: CheckedBatch) => {
      const waiter = waiting.get(seq);
      if (waiter) {
        waiting.delete(seq);
        waiter.resolve(records);
      } else arrived.set(seq, records);
    });
    worker.on('error', (error) => {
      failure = error;
      for (const waiter of waiting.values()) waiter.reject(error);
    });
  }
  const resultOf = (seq: number) =>
    new Promise<Uint8Array>((resolve, reject) => {
      if (failure) return reject(failure);
      const ready = arrived.get(seq);
      if (ready) {
        arrived.delete(seq);
        resolve(ready);
      } else waiting.set(seq, { resolve, reject });
    });

  let line = 0;
  let sent = 0;
  let done = 0;
  const accept = (answer: Uint8Array) => {
    const records = Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength);
    for (let start = 0; start < records.length;) {
      const end = records.indexOf(10, start);
      const kind = records[start];
      line += 1;
      const problem =
        kind === 69 /* E */
          ? verifier.acceptChecked(decode(records, start + 1, end), line)
          : kind === 85 /* U */
            ? lineNotUtf8(line)
            : verifier.accept(records.toString('utf8', start + 1, end), line);
      start = end + 1;
      if (problem) onProblem(problem);
    }
  };
  const send = (bytes: Uint8Array) => {
    const batch: LineBatch = { seq: sent, bytes };
    pool[sent % pool.length].postMessage(batch, [bytes.buffer as ArrayBuffer]);
    sent += 1;
  };

  try {
    const size = progress ? statSync(file).size : 0;
    // The start of a line that spans batches, kept as its pieces and joined once, when it ends.
    let carry: Buffer[] = [];
    let carried = 0;
    let read = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: batchBytes() }) as AsyncIterable<Buffer>) {
      read += chunk.length;
      const last = chunk.lastIndexOf(10);
      if (last < 0) {
        carry.push(chunk);
        carried += chunk.length;
        if (carried > MAX_EXPORT_LINE_BYTES) {
          // The lines before it come first, so that the too-long one gets its number.
          while (done < sent) accept(await resultOf(done++));
          onProblem(lineTooLong(line + 1));
        }
        continue;
      }
      send(ownCopy(carry, carried, chunk.subarray(0, last + 1)));
      carry = last + 1 < chunk.length ? [Buffer.from(chunk.subarray(last + 1))] : [];
      carried = carry[0]?.length ?? 0;
      // Two batches in flight per worker keep them busy without holding the file.
      while (sent - done > pool.length * 2) accept(await resultOf(done++));
      progress?.update(read, size);
    }
    if (carried > 0) send(ownCopy(carry, carried, Buffer.from('\n')));
    while (done < sent) accept(await resultOf(done++));
  } finally {
    progress?.done();
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  return line;
}

/** Whole lines in a buffer of their own, to hand over to a worker (a pooled Buffer cannot be). */
function ownCopy(first: readonly Uint8Array[], firstLength: number, second: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(firstLength + second.length);
  let at = 0;
  for (const piece of first) {
    bytes.set(piece, at);
    at += piece.length;
  }
  bytes.set(second, at);
  return bytes;
}

/**
 * An `E` record's fields, each decoded on its own: the verifier keeps a stream's name and last hash
 * for as long as it reads, and a piece cut from a longer string would keep all of that string alive.
 */
function decode(records: Buffer, start: number, end: number): CheckedEvent {
  const fields: string[] = [];
  for (let at = start; ;) {
    const next = records.indexOf(FIELD_BYTE, at);
    const stop = next < 0 || next > end ? end : next;
    fields.push(records.toString('utf8', at, stop));
    if (stop === end) break;
    at = stop + 1;
  }
  const [
    stream,
    revision,
    id,
    type,
    hash,
    position,
    followsStream,
    followsRevision,
    previousHash,
    recordedAt,
    occurredAt,
    imported,
    commandId,
  ] = fields;
  return {
    stream,
    revision: Number(revision),
    id,
    type,
    hash,
    position,
    previousHash,
    recordedAt,
    occurredAt,
    imported: imported === '1',
    commandId,
    follows: followsRevision === '' ? null : { stream: followsStream, revision: Number(followsRevision) },
  };
}
