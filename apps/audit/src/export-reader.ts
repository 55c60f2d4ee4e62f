import { createReadStream, statSync } from 'node:fs';
import {
  ExportedEvent,
  ExportHeader,
  ExportRecord,
  ExportVerifier,
  lineTooLong,
  LogHashRecount,
  LogHead,
  MAX_EXPORT_LINE_BYTES,
  parseExportLine,
  PinnedKey,
  VerificationProblem,
  VerificationReport,
} from '@ledger/ledger-log';
import { fileError } from './cli';
import { verifyInParallel, verifyWorkers } from './parallel-verify';
import { Progress } from './progress';

export class ExportInvalid extends Error {
  constructor(readonly problem: VerificationProblem) {
    super(problem.reason);
  }
}

export interface ReadOptions {
  /** Keys the auditor obtained out of band; without, the export's own keys are used (and the report says so). */
  readonly pinned?: readonly PinnedKey[];
  /** Log heads kept from earlier whole-log exports: the log must run through each (verify --log-head). */
  readonly heads?: readonly LogHead[];
  /** The export must have been made at or after this instant (verify --made-after). */
  readonly madeAfter?: string;
  /** Check chains, signatures and the seal while reading (default true). */
  readonly verify?: boolean;
  readonly progress?: Progress;
  readonly onHeader?: (header: ExportHeader) => void;
  readonly onEvent?: (event: ExportedEvent) => void;
}

/**
 * Reads an export line by line — never the whole file at once — verifying as it goes. Throws
 * ExportInvalid with the first problem when verification is on. An export the ledger ended with an
 * error record verifies up to it; the report's `incomplete` says so.
 */
export async function readExport(file: string, options: ReadOptions): Promise<VerificationReport> {
  const verifier = new ExportVerifier({ pinned: options.pinned, heads: options.heads, madeAfter: options.madeAfter });
  const verify = options.verify ?? true;
  try {
    statSync(file);
  } catch (error) {
    throw fileError(file, 'the export', error);
  }
  const deliver = (record: ExportRecord | undefined) => {
    if (record?.kind === 'event') options.onEvent?.(record.event);
    else if (record?.kind === 'header') options.onHeader?.(record.header);
  };
  // Verifying alone (nothing to hand on), the order-free checks run on worker threads.
  const workers = verify && !options.onEvent && !options.onHeader ? verifyWorkers() : 0;
  const lines =
    workers > 0
      ? await verifyInParallel(
          file,
          verifier,
          workers,
          (problem) => {
            throw new ExportInvalid(problem);
          },
          options.progress,
        )
      : await eachLine(file, options.progress, (buffer, start, end, line) => {
          if (!verify) return deliver(parseExportLine(buffer.toString('utf8', start, end)));
          const { problem, record } = verifier.readBytes(buffer, start, end, line);
          if (problem) throw new ExportInvalid(problem);
          deliver(record);
        });
  if (!verify) return verifier.report();
  const problem = verifier.finish(lines);
  if (problem) throw new ExportInvalid(problem);
  // Checkpoints that cover events too far back to keep: one more pass over the lines' hashes alone.
  const deferred = verifier.deferredCheckpoints();
  if (deferred.length > 0) {
    const recount = new LogHashRecount(new Set(deferred.map((d) => d.eventsCovered)));
    await eachLine(file, undefined, (buffer, start, end) =>
      recount.accept(buffer.toString('latin1', start, Math.min(end, start + 100)), () =>
        buffer.toString('utf8', start, end),
      ),
    );
    const late = verifier.settleDeferred(recount.at, recount.ids);
    if (late) throw new ExportInvalid(late);
  }
  return verifier.report();
}

/**
 * Calls `onLine` with the bytes of every line of the file (a trailing CR dropped), reading it in
 * large chunks. Returns the number of lines. A line longer than any the ledger writes stops the
 * reading (`line-too-long`) before it is held whole.
 */
async function eachLine(
  file: string,
  progress: Progress | undefined,
  onLine: (buffer: Buffer, start: number, end: number, line: number) => void,
): Promise<number> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw fileError(file, 'the export', error);
  }
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  // The start of a line that spans chunks, kept as its pieces and joined once, when it ends.
  let carry: Buffer[] = [];
  let carried = 0;
  let line = 0;
  let bytes = 0;
  const emit = (buffer: Buffer, start: number, end: number) => {
    if (end > start && buffer[end - 1] === 13) end -= 1;
    line += 1;
    onLine(buffer, start, end, line);
  };
  const hold = (piece: Buffer) => {
    carried += piece.length;
    if (carried > MAX_EXPORT_LINE_BYTES) throw new ExportInvalid(lineTooLong(line + 1));
    carry.push(piece);
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      let start = 0;
      let newline = chunk.indexOf(10);
      if (carried > 0) {
        // Only the line that spans chunks is copied; the rest are read where they lie.
        if (newline < 0) {
          hold(chunk);
          continue;
        }
        hold(chunk.subarray(0, newline));
        const joined = Buffer.concat(carry, carried);
        carry = [];
        carried = 0;
        emit(joined, 0, joined.length);
        start = newline + 1;
        newline = chunk.indexOf(10, start);
      }
      for (; newline >= 0; newline = chunk.indexOf(10, start)) {
        emit(chunk, start, newline);
        start = newline + 1;
      }
      if (start < chunk.length) hold(chunk.subarray(start));
      progress?.update(bytes, size);
    }
    if (carried > 0) {
      const last = Buffer.concat(carry, carried);
      emit(last, 0, last.length);
    }
  } catch (error) {
    if (error instanceof ExportInvalid) throw error;
    if ((error as { syscall?: string }).syscall) throw fileError(file, 'the export', error);
    throw error;
  } finally {
    input.destroy();
    progress?.done();
  }
  return line;
}
