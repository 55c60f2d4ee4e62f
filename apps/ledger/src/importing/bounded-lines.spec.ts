import fc from 'fast-check';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { boundedLines } from './bounded-lines';

/** The text as a stream of chunks cut every `size` bytes (through \r\n and multi-byte characters too). */
function chunked(text: string | Buffer, size: number): Readable {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks, { objectMode: false });
}

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

describe('the lines of an import', () => {
  const texts = [
    'a\nb\nc',
    'a\nb\n',
    'a\r\nb\r\n\r\nc\r\n',
    'a\rb\r\rc\n\n',
    '\n\n\n',
    '',
    'one line',
    '\ufeffkey,kind\r\nк,грант 🙂\nlast',
    'x\r',
    '\r\n\r\n',
  ];

  it.each(texts.map((text) => [JSON.stringify(text), text]))('are the lines readline reads: %s', async (_, text) => {
    const expected = await collect(createInterface({ input: chunked(text, 1000), crlfDelay: Infinity }));
    for (const size of [1, 2, 3, 1000]) {
      expect({ size, lines: await collect(boundedLines(chunked(text, size), 100)) }).toEqual({ size, lines: expected });
    }
  });

  it('hold no more of a line than one byte past the limit, however long it is, and go on after it', async () => {
    const limit = 1000;
    const long = 'a'.repeat(5_000_000);
    const lines = await collect(boundedLines(chunked(`first\n${long}\nя${'ж'.repeat(3000)}\nlast`, 65_536), limit));
    expect(lines.map((l) => Buffer.byteLength(l))).toEqual([5, limit + 1, expect.any(Number), 4]);
    expect(lines[1]).toBe('a'.repeat(limit + 1));
    // Cut inside a two-byte character: still more than the limit, so refused as too large.
    expect(Buffer.byteLength(lines[2]!)).toBeGreaterThan(limit);
    expect(Buffer.byteLength(lines[2]!)).toBeLessThanOrEqual(limit + 3);
    expect(lines[3]).toBe('last');
  });

  it('hold a file with no line break at all to the limit', async () => {
    const lines = await collect(boundedLines(chunked(Buffer.alloc(20_000_000, 0x61), 65_536), 64 * 1024));
    expect(lines.map((l) => l.length)).toEqual([64 * 1024 + 1]);
  });

  it('fail when the input fails', async () => {
    const input = new Readable({ read() {} });
    const reading = collect(boundedLines(input, 100));
    input.push('a\nb');
    input.destroy(new Error('connection reset'));
    await expect(reading).rejects.toThrow('connection reset');
  });
});

describe('reading the lines of one large chunk', () => {
  it('searches each byte for a line break a bounded number of times, not once per line after it', async () => {
    // A file handed over as one string (as the benchmark does) is one chunk: searching the rest of
    // it for a \r at every line read the whole chunk again for each of its lines.
    const text = 'row\n'.repeat(20_000);
    const indexOf = jest.spyOn(Buffer.prototype, 'indexOf');
    try {
      const lines = await collect(boundedLines(Readable.from([text]), 100));
      expect(lines).toHaveLength(20_000);
      let searched = 0;
      // The bytes each search read: from where it began to what it found (or to the chunk's end).
      indexOf.mock.calls.forEach((call, i) => {
        const chunk = indexOf.mock.contexts[i] as Buffer;
        const found = indexOf.mock.results[i].value as number;
        if (chunk.length === text.length) searched += (found === -1 ? chunk.length : found + 1) - Number(call[1] ?? 0);
      });
      expect(searched).toBeLessThanOrEqual(3 * text.length);
    } finally {
      indexOf.mockRestore();
    }
  });
});

describe('splitting what was read into lines', () => {
  it('splits a large chunk only as far as the lines waiting to be read, not all of it at once', async () => {
    // A file handed over as one string: its 20,000 lines were all split, and held as strings, before
    // the import read the first.
    const text = 'row\n'.repeat(20_000);
    const toString = jest.spyOn(Buffer.prototype, 'toString');
    try {
      const lines = boundedLines(Readable.from([text]), 100)[Symbol.asyncIterator]();
      expect((await lines.next()).value).toBe('row');
      expect(toString.mock.calls.length).toBeLessThanOrEqual(1100);
      let read = 1;
      while (!(await lines.next()).done) read += 1;
      expect(read).toBe(20_000);
    } finally {
      toString.mockRestore();
    }
  });

  it('gives the lines readline gives, however the input is cut into chunks', async () => {
    const piece = fc.constantFrom('a', 'bc', 'ж', '🙂', '\n', '\r', '\r\n', '\n\n', ',', ' ');
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 60 }).map((p) => p.join('')),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
        async (text, sizes) => {
          const expected = await collect(createInterface({ input: chunked(text, 1000), crlfDelay: Infinity }));
          const bytes = Buffer.from(text, 'utf8');
          const chunks: Buffer[] = [];
          for (let i = 0, k = 0; i < bytes.length; k++) {
            const size = sizes[k % sizes.length];
            chunks.push(bytes.subarray(i, i + size));
            i += size;
          }
          expect(await collect(boundedLines(Readable.from(chunks, { objectMode: false }), 1000))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
