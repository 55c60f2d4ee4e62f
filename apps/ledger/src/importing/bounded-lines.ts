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
  /**
   * Chunks read and not yet split into lines, the first from `offset`: a chunk is split only as far
   * as LINES_AHEAD lines, the rest when those are taken. A large chunk (a file handed over as one
   * string) was split whole at once, every line of it a string held until the import reached it.
   */
  const chunks: Buffer[] = [];
  let offset = 0;
  // Where the first chunk's next \n and \r are, found once each: searching the rest of the chunk
  // for both at every line made a large chunk quadratic, mostly in looking for a \r a file of \n
  // lines never has (-1: none left in the chunk; -2: not looked for yet).
  let lf = -2;
  let cr = -2;
  let parts: Buffer[] = [];
  let held = 0;
  let cut = false;
  let afterCr = false;
  /** The input's end was read. */
  let ended = false;
  /** ...and every line of it split. */
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

  /** Splits what was read into lines, until LINES_AHEAD of them wait or all of it is split. */
  const split = () => {
    while (chunks.length > 0 && lines.length < LINES_AHEAD) {
      const chunk = chunks[0];
      let start = offset;
      while (start < chunk.length && lines.length < LINES_AHEAD) {
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
          start = chunk.length;
          break;
        }
        // A line wholly in this chunk is read straight from it (its first maxBytes + 1 bytes at most).
        if (held === 0) lines.push(chunk.toString('utf8', start, Math.min(end, start + maxBytes + 1)));
        else {
          keep(chunk, start, end);
          endLine();
        }
        afterCr = chunk[end] === 0x0d;
        start = end + 1;
      }
      if (start >= chunk.length) {
        chunks.shift();
        offset = 0;
        lf = -2;
        cr = -2;
      } else offset = start;
    }
    if (ended && chunks.length === 0 && !done) {
      if (held > 0 || cut) endLine();
      done = true;
    }
  };

  const onData = (data: Buffer | string) => {
    chunks.push(typeof data === 'string' ? Buffer.from(data) : data);
    split();
    if (lines.length >= LINES_AHEAD) input.pause();
    signal();
  };
  const onEnd = () => {
    ended = true;
    split();
    signal();
  };
  const onError = (error: unknown) => {
    failed ??= error;
    signal();
  };
  const onClose = () => {
    if (!ended) failed ??= new Error('the file ended before its end was read');
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
          // The rest of what was read first, then more of the input.
          split();
          if (lines.length > 0) continue;
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
