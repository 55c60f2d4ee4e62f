import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '../contract/event-store.contract';
import { StoreUnavailableError, WrongExpectedRevisionError } from '../event-store';
import { refuseUnwritable, SqliteEventStore } from './sqlite-event-store';
import { toStoreFailure } from './sqlite-failures';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-store-'));
  dirs.push(dir);
  return join(dir, 'events.sqlite');
}

eventStoreContract('SQLite', {
  open: async () => new SqliteEventStore({ file: tempFile() }),
  // A new file: what a wiped volume, or a backup older than every position read, looks like.
  openWiped: async () => {
    const store = new SqliteEventStore({ file: tempFile() });
    return { store, dispose: () => store.close() };
  },
});

// The ledger's own store: its one writer, which answers reads of streams never written from memory.
eventStoreContract('SQLite, opened as its one writer', {
  open: async () => new SqliteEventStore({ file: tempFile(), exclusive: true }),
  openWiped: async () => {
    const store = new SqliteEventStore({ file: tempFile(), exclusive: true });
    return { store, dispose: () => store.close() };
  },
});

describe('SQLite store opened as its one writer', () => {
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const e = () => ({ id: randomUUID(), type: 'E', data: {}, metadata: {} });

  it('finds every stream the file held when it opened, and reads no stream never written', async () => {
    const file = tempFile();
    const earlier = new SqliteEventStore({ file });
    // More streams than one slice of the filter's fill, so that it takes several turns.
    const streams = Array.from({ length: 12_000 }, (_, i) => `held-${i}`);
    for (let i = 0; i < streams.length; i += 1000) {
      await earlier.appendAll(
        streams.slice(i, i + 1000).map((stream) => ({ stream, events: [e()], expected: 'no-stream' })),
      );
    }
    await earlier.close();
    const store = new SqliteEventStore({ file, exclusive: true });
    const sql = (store as unknown as { stmt: { readStream: { all: () => unknown } } }).stmt.readStream;
    const reads = jest.spyOn(sql, 'all');
    try {
      // Written while the filter fills, before and after where its slices are.
      await store.append('held-0-late', [e()], 'no-stream');
      await store.append('zzz-late', [e()], 'no-stream');
      for (let i = 0; i < 10; i++) await turn();
      for (const stream of [...streams, 'held-0-late', 'zzz-late']) {
        expect(await store.readStream(stream)).toHaveLength(1);
      }
      expect(await store.streamsWithEvents(['held-5', 'never-1', 'zzz-late'])).toEqual(new Set(['held-5', 'zzz-late']));
      reads.mockClear();
      expect(await store.readStream('never-written')).toEqual([]);
      expect(await store.readStream('command-abc')).toEqual([]);
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
      await store.close();
    }
  });
});

describe('SQLite group commit', () => {
  it('commits appends made in one tick together, while a conflict fails only its own append', async () => {
    const store = new SqliteEventStore({ file: tempFile() });
    const e = (n: number) => ({
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      type: 'E',
      data: { n },
      metadata: {},
    });
    await store.append('group-a', [e(1)], 'no-stream');
    const [first, conflicting, third] = await Promise.allSettled([
      store.append('group-a', [e(2)], 0),
      store.append('group-a', [e(3)], 0),
      store.append('group-b', [e(4), e(5)], 'no-stream'),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(conflicting.status).toBe('rejected');
    expect(third.status).toBe('fulfilled');
    expect((await store.readStream('group-a')).map((x) => x.data.n)).toEqual([1, 2]);
    expect((await store.readStream('group-b')).map((x) => x.data.n)).toEqual([4, 5]);
    await store.close();
  });
});

describe('SQLite event store durability', () => {
  it('runs in WAL mode with synchronous=FULL, also when a WAL file is reopened', async () => {
    const file = tempFile();
    const first = new SqliteEventStore({ file });
    expect(first.pragmas()).toEqual({ journalMode: 'wal', synchronous: 2 });
    await first.append(
      'durability-a',
      [{ id: '00000000-0000-4000-8000-000000000001', type: 'A', data: {}, metadata: {} }],
      'no-stream',
    );
    await first.close();

    const reopened = new SqliteEventStore({ file });
    expect(reopened.pragmas()).toEqual({ journalMode: 'wal', synchronous: 2 });
    expect(await reopened.readStream('durability-a')).toHaveLength(1);
    await reopened.close();
  });

  it('lets a second process-like handle on the same file see appends through its subscription', async () => {
    const file = tempFile();
    const writer = new SqliteEventStore({ file });
    const reader = new SqliteEventStore({ file, pollIntervalMs: 20 });
    const subscription = reader.subscribeToAll({});
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ kind: 'caught-up' });
    await writer.append(
      'shared-x',
      [{ id: '00000000-0000-4000-8000-000000000002', type: 'A', data: {}, metadata: {} }],
      'no-stream',
    );
    const message = (await iterator.next()).value;
    expect(message.kind === 'event' && message.event.stream).toBe('shared-x');
    await subscription.close();
    await reader.close();
    await writer.close();
  });
});

// SQLite opens a file it may not write read-only without a word: the ledger would report ready and
// fail every command. (Root writes any file, so the probe is held to a handle opened read-only.)
describe('an event store file this process may not write', () => {
  it("refuses to open as the store's writer, naming the file", async () => {
    const file = tempFile();
    await new SqliteEventStore({ file }).close();
    const readOnly = new Database(file, { readonly: true });
    expect(() => refuseUnwritable(readOnly, file)).toThrow(`the event store file ${file} cannot be written`);
    expect(readOnly.inTransaction).toBe(false);
    readOnly.close();
    const writable = new Database(file);
    expect(() => refuseUnwritable(writable, file)).not.toThrow();
    expect(writable.prepare("SELECT name FROM sqlite_master WHERE name LIKE '%probe%'").all()).toEqual([]);
    writable.close();
  });

  it('makes a write refused as read-only a store failure (503), not an unexplained error', () => {
    const failure = toStoreFailure(
      'append',
      Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }),
    );
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect((failure as StoreUnavailableError).failure).toBe('io');
  });
});

describe('the writer thread', () => {
  it('commits on its own connection, set to synchronous=FULL, and acknowledges only what is on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-writer-'));
    try {
      const file = join(dir, 'events.sqlite');
      const store = new SqliteEventStore({ file });
      expect(await store.writerPragmas()).toEqual({ journalMode: 'wal', synchronous: 2 });
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.append(`thread-${i}`, [{ id: randomUUID(), type: 'T', data: { i }, metadata: {} }], 'no-stream'),
        ),
      );
      expect(results.map((r) => r.nextRevision)).toEqual(Array(50).fill(0));
      // Another connection sees every acknowledged append: they were committed, not only queued.
      const reader = new Database(file, { readonly: true });
      expect(reader.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 50 });
      reader.close();
      const conflict = store.append('thread-0', [{ id: randomUUID(), type: 'T', data: {}, metadata: {} }], 'no-stream');
      await expect(conflict).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite reads as stored text', () => {
  it('gives the events readAll gives, data and metadata as the JSON text written, with the same refusals', async () => {
    const store = new SqliteEventStore({ file: tempFile() });
    try {
      const e = (n: number) => ({ id: randomUUID(), type: 'E', data: { n, text: 'é"' }, metadata: { m: n } });
      await store.append('text-a', [e(1), e(2)], 'no-stream');
      await store.append('text-b', [e(3)], 'no-stream');
      // Past position 9, so that an order of positions as text ("10" before "9") would show.
      await store.append('text-c', [4, 5, 6, 7, 8, 9, 10, 11, 12].map(e), 'no-stream');
      const parsed = await store.readAll({ maxCount: 20 });
      const text = await store.readAllText({ maxCount: 20 });
      expect(text.map((t) => t.position)).toEqual(parsed.map((p) => p.position));
      expect(parsed).toHaveLength(12);
      expect(text.map((t) => ({ ...t, data: JSON.parse(t.data), metadata: JSON.parse(t.metadata) }))).toEqual(parsed);
      expect(text[0].data).toBe('{"n":1,"text":"é\\""}');
      expect(await store.readAllText({ after: parsed[0].position, maxCount: 1 })).toEqual([text[1]]);
      // Read as it is gone through, the same; two iterations at once do not disturb each other.
      const one = store.eachStoredText({ maxCount: 20 })[Symbol.iterator]();
      const first = one.next().value as (typeof text)[0];
      const two = [...store.eachStoredText({ after: parsed[5].position, maxCount: 3 })];
      expect([first, ...{ [Symbol.iterator]: () => one }]).toEqual(text);
      expect(two).toEqual(text.slice(6, 9));
      const beyond = String(Number(parsed[11].position) + 5) as (typeof parsed)[0]['position'];
      expect(() => [...store.eachStoredText({ after: beyond, maxCount: 1 })]).toThrow(/beyond|not in/i);
      expect([...store.eachStoredText({ after: parsed[11].position, maxCount: 1 })]).toEqual([]);
      await expect(store.readAllText({ after: beyond, maxCount: 1 })).rejects.toThrow(/beyond|not in/i);
      await expect(store.readAll({ after: beyond, maxCount: 1 })).rejects.toThrow(/beyond|not in/i);
    } finally {
      await store.close();
    }
  });

  it('goes through a page longer than one read, stopping where it was told', async () => {
    const store = new SqliteEventStore({ file: tempFile() });
    try {
      const e = (n: number) => ({ id: randomUUID(), type: 'E', data: { n }, metadata: {} });
      for (let a = 0; a < 3; a++) {
        await store.append(
          `long-${a}`,
          Array.from({ length: 400 }, (_, i) => e(a * 400 + i)),
          'no-stream',
        );
      }
      const all = await store.readAllText({ maxCount: 2000 });
      expect(all).toHaveLength(1200);
      expect([...store.eachStoredText({ maxCount: 1100 })]).toEqual(all.slice(0, 1100));
      expect([...store.eachStoredText({ after: all[99].position, maxCount: 5000 })]).toEqual(all.slice(100));
    } finally {
      await store.close();
    }
  });
});

describe('SQLite event text', () => {
  it('keeps the JSON text an event comes with (written once for its hash) as it is', async () => {
    const file = tempFile();
    const store = new SqliteEventStore({ file });
    const event = { id: randomUUID(), type: 'E', data: { a: 1 }, metadata: { b: 2 } };
    // A text with spaces that JSON.stringify would not write shows which text was kept.
    Object.defineProperty(event, 'json', { value: { data: '{ "a": 1 }', metadata: '{ "b": 2 }' }, enumerable: false });
    await store.append('text-1', [event], 'no-stream');
    const [read] = await store.readStream('text-1');
    expect(read.data).toEqual({ a: 1 });
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT data, metadata FROM events').get()).toEqual({
      data: '{ "a": 1 }',
      metadata: '{ "b": 2 }',
    });
    db.close();
  });
});
