import { Readable } from 'node:stream';

/** Lines read ahead of the import before the input is paused. */
const LINES_AHEAD = 1024;

/**
 * The lines of a file as readline gives them (`\n`, `\r\n` or a lone `\r` ends one; the last may go
 * without), except that a line longer than `maxBytes` is never held whole: its first `maxBytes + 1`
 * bytes stand for it, which the row check refuses as too large, and the rest is read past. readline
 * holds every line whole, so a file with no line break filled the heap, and past V8's longest string
 * threw from its data handler, where nothing could catch it, and ended the ledger.
 */
export function boundedLines(input: Readable, maxBytes: number): AsyncIterable<string> {
  const lines: string[] = [];
  let parts: Buffer[] = [];
  let held = 0;
  let cut = false;
  let afterCr = false;
  let done = false;
  let failed: unknown;
  let wake: (() => void) | undefined;
  const signal = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  const endLine = () => {
    lines.push(held === 0 ? '' : Buffer.concat(parts, held).toString('utf8'));
    parts = [];
    held = 0;
    cut = false;
  };
  const keep = (chunk: Buffer, from: number, to: number) => {
    if (to <= from) return;
    const room = maxBytes + 1 - held;
    if (room > 0) {
      // A copy: a slice would keep the whole chunk alive for a few bytes of it.
      const piece = Buffer.from(chunk.subarray(from, Math.min(to, from + room)));
      parts.push(piece);
      held += piece.length;
    }
    if (to - from > room) cut = true;
  };

  const onData = (data: Buffer | string) => {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    let start = 0;
    // Where the chunk's next \n and \r are, found once each: searching the rest of the chunk for
    // both at every line made a large chunk (a file handed over as one string) quadratic, mostly in
    // looking for a \r a file of \n lines never has (-1: none left in this chunk).
    let lf = -2;
    let cr = -2;
    while (start < chunk.length) {
      if (afterCr) {
        afterCr = false;
        // \r\n is one line break, even when the chunk ended between them.
        if (chunk[start] === 0x0a) {
          start += 1;
          continue;
        }
      }
      if (lf !== -1 && lf < start) lf = chunk.indexOf(0x0a, start);
      if (cr !== -1 && cr < start) cr = chunk.indexOf(0x0d, start);
      const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (end === -1) {
        keep(chunk, start, chunk.length);
        break;
      }
      keep(chunk, start, end);
      endLine();
      afterCr = chunk[end] === 0x0d;
      start = end + 1;
    }
    if (lines.length >= LINES_AHEAD) input.pause();
    signal();
  };
  const onEnd = () => {
    if (held > 0 || cut) endLine();
    done = true;
    signal();
  };
  const onError = (error: unknown) => {
    failed ??= error;
    signal();
  };
  const onClose = () => {
    if (!done) failed ??= new Error('the file ended before its end was read');
    signal();
  };
  input.on('data', onData);
  input.on('end', onEnd);
  input.on('error', onError);
  input.on('close', onClose);

  return {
    async *[Symbol.asyncIterator]() {
      try {
        let next = 0;
        for (;;) {
          while (next < lines.length) yield lines[next++]!;
          lines.length = 0;
          next = 0;
          if (failed) throw failed;
          if (done) return;
          if (input.isPaused()) input.resume();
          await new Promise<void>((resolve) => (wake = resolve));
        }
      } finally {
        input.off('data', onData);
        input.off('end', onEnd);
        input.off('error', onError);
        input.off('close', onClose);
      }
    },
  };
}
