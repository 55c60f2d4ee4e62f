/**
 * A worker thread of `audit verify`: the checks of each event line that need no line before it —
 * parsing, shape, its bytes against its hash — done off the main thread, which keeps the checks that
 * depend on order (chains, folds, signatures). Answers one record per line, in order: `E` and the
 * fields the ordered checks need, `R` and the line itself for the main thread to read in full, or `U`
 * for a line that is not UTF-8. The records go back as one UTF-8 buffer, a record a line, handed over
 * without a copy (an array of strings was copied string by string by both threads' serialisers).
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
  /** The records, each ended by a newline (no field holds one: such a line goes back as `R`). */
  readonly records: Uint8Array;
}

/**
 * What a field cannot hold and go back as written: the separators, and surrogates (UTF-8 cannot carry
 * a lone one; the rare pair is not worth the doubt). Such a line goes back whole, to be read there.
 */
// eslint-disable-next-line no-control-regex -- the field separator is a control character
const NOT_A_FIELD = /[\x1f\n\ud800-\udfff]/;

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
  return fields.some((f) => NOT_A_FIELD.test(f)) ? 'R' + text : 'E' + fields.join(FIELD);
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
  records.push('');
  const answer = records.join('\n');
  // Its own memory, not a slice of Node's pool, so that it can be transferred.
  const own = new Uint8Array(Buffer.byteLength(answer));
  Buffer.from(own.buffer).write(answer);
  parentPort!.postMessage({ seq, records: own } satisfies CheckedBatch, [own.buffer]);
});
