import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '../contract/event-store.contract';
import { WrongExpectedRevisionError } from '../event-store';
import { SqliteEventStore } from './sqlite-event-store';

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
