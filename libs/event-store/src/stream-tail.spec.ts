import { randomUUID } from 'node:crypto';
import { EventStore } from './event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { readStreamTail } from './stream-tail';

/** The store, and how many events its readStream has handed out since. */
function counting(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const wrapped = Object.create(store) as EventStore;
  wrapped.readStream = async (stream, options) => {
    const events = await store.readStream(stream, options);
    read += events.length;
    return events;
  };
  return { store: wrapped, read: () => read };
}

describe('the tail of a stream', () => {
  let store: SqliteEventStore;
  beforeAll(() => {
    store = new SqliteEventStore({ file: ':memory:' });
  });
  afterAll(() => store.close());

  async function streamOf(length: number): Promise<string> {
    const stream = `tail-${length}x${randomUUID().replace(/-/g, '')}`;
    for (let from = 0; from < length; from += 500) {
      const events = Array.from({ length: Math.min(500, length - from) }, (_, i) => ({
        id: randomUUID(),
        type: 'Noted',
        data: { n: from + i },
        metadata: {},
      }));
      await store.append(stream, events, from === 0 ? 'no-stream' : from - 1);
    }
    return stream;
  }

  it.each([0, 1, 2, 3, 7, 8, 9, 100])('is the last events of a stream of %i, oldest first', async (length) => {
    const stream = await streamOf(length);
    const all = (await store.readStream(stream)).map((e) => e.data.n);
    for (const count of [1, 2, 5]) {
      expect((await readStreamTail(store, stream, count)).map((e) => e.data.n)).toEqual(all.slice(-count));
    }
  });

  it('reads a few events of a long stream, not the stream', async () => {
    const stream = await streamOf(5000);
    const { store: watched, read } = counting(store);
    const tail = await readStreamTail(watched, stream, 2);
    expect(tail.map((e) => e.data.n)).toEqual([4998, 4999]);
    // About twice log2(5000) probes of one event each, and the two asked for.
    expect(read()).toBeLessThanOrEqual(2 * 13 + 2 + 2);
  });
});
