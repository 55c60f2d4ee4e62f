import { EventStore, StoredEvent } from './event-store';

/**
 * The newest `count` events of a stream, oldest first, found without reading the stream from its
 * start: the port reads only forwards, so the last revision is found by doubling and halving (about
 * twice log2 of the stream's length, one event each), then the tail is read. The checkpoint stream
 * gains an event a minute while the ledger works — half a million a year — and its newest one was
 * found by reading them all: at every start, every subject export and every look at the checkpoints.
 */
export async function readStreamTail(store: EventStore, stream: string, count: number): Promise<StoredEvent[]> {
  const last = await lastRevision(store, stream);
  if (last < 0 || count <= 0) return [];
  return store.readStream(stream, { fromRevision: Math.max(0, last - count + 1), maxCount: count });
}

/** The stream's last revision (revisions run from 0 without a gap), -1 when it has no event. */
async function lastRevision(store: EventStore, stream: string): Promise<number> {
  const has = async (revision: number) =>
    (await store.readStream(stream, { fromRevision: revision, maxCount: 1 })).length > 0;
  if (!(await has(0))) return -1;
  let low = 0;
  let high = 1;
  while (await has(high)) {
    low = high;
    high *= 2;
  }
  // `low` holds an event and `high` none: halve the gap.
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await has(middle)) low = middle;
    else high = middle;
  }
  return low;
}
