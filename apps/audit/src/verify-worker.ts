/**
 * A worker thread of `audit verify`: the checks of each event line that need no line before it —
 * parsing, shape, its bytes against its hash — done off the main thread, which keeps the checks that
 * depend on order (chains, folds, signatures). Answers one record per line, in order: `E` and the
 * fields the ordered checks need, `R` and the line itself for the main thread to read in full, or `U`
 * for a line that is not UTF-8.
 */
import { isUtf8 } from 'node:buffer';
import { parentPort } from 'node:worker_threads';
import { checkEventLine } from '@ledger/ledger-log';

export const FIELD = '\x1f';

export interface LineBatch {
  readonly seq: number;
  /** Whole lines, each ending with a newline. */
  readonly bytes: Uint8Array;
}

export interface CheckedBatch {
  readonly seq: number;
  readonly records: string[];
}

function record(buffer: Buffer, start: number, end: number): string {
  // Decoded, a stray byte reads as U+FFFD, and the main thread would hash that text, not these bytes.
  if (!isUtf8(buffer.subarray(start, end))) return 'U';
  const text = buffer.toString('utf8', start, end);
  const checked = checkEventLine(text, { buffer, start, end });
  if (!checked) return 'R' + text;
  const fields = [
    checked.stream,
    String(checked.revision),
    checked.id,
    checked.type,
    checked.hash,
    checked.position,
    checked.follows ? checked.follows.stream : '',
    checked.follows ? String(checked.follows.revision) : '',
    checked.previousHash,
    checked.recordedAt,
    checked.occurredAt,
    checked.imported ? '1' : '',
    checked.commandId,
  ];
  return fields.some((f) => f.includes(FIELD)) ? 'R' + text : 'E' + fields.join(FIELD);
}

parentPort?.on('message', ({ seq, bytes }: LineBatch) => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: string[] = [];
  for (let start = 0; start < buffer.length;) {
    const newline = buffer.indexOf(10, start);
    let end = newline;
    if (end > start && buffer[end - 1] === 13) end -= 1;
    records.push(record(buffer, start, end));
    start = newline + 1;
  }
  parentPort!.postMessage({ seq, records } satisfies CheckedBatch);
});
