import { randomUUID } from 'node:crypto';
import {
  AppendTooLargeError,
  EventStore,
  EventToAppend,
  MAX_APPEND_BYTES,
  Position,
  PositionNotInLogError,
  StoredEvent,
  SubscriptionMessage,
  WrongExpectedRevisionError,
  appendSize,
} from '../event-store';

/**
 * The behaviour every EventStore adapter must show, and no more than EventStoreDB 24.10 guarantees
 * (so that what passes on the embedded store also holds in production). Each adapter's test file
 * calls this with a factory; the suite never looks inside a position, it only hands it back to a
 * store of the same kind.
 */
export interface ContractHarness {
  /** A store to test against: fresh and empty, or shared with earlier tests (streams are never reused). */
  open(): Promise<EventStore>;
  /** Called after each test with the store it opened. */
  dispose?(store: EventStore): Promise<void>;
  /**
   * A store of the same kind on a log that holds none of what `open()` stores wrote, as after its
   * volume was wiped or restored from an older backup. Without it the suite says, as a skipped test,
   * that it could not check what a shorter log does.
   */
  openWiped?(): Promise<{ store: EventStore; dispose(): Promise<void> }>;
}

export function eventStoreContract(name: string, harness: ContractHarness): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let seq = 0;
    const stream = (label = 'contract') => `${label}-${process.pid}x${Date.now().toString(36)}x${++seq}`;

    beforeEach(async () => {
      store = await harness.open();
    });
    afterEach(async () => {
      if (harness.dispose) await harness.dispose(store);
      else await store.close();
    });

    describe('append and read back', () => {
      it('stores type, data, metadata and id, with revisions from 0', async () => {
        const s = stream();
        const events = [event('Granted', { n: 1, nested: { list: ['a', 'b'] } }), event('Withdrawn', { n: 2 })];
        const result = await store.append(s, events, 'no-stream');
        expect(result.nextRevision).toBe(1);

        const read = await store.readStream(s);
        expect(read.map((e) => [e.id, e.type, e.revision, e.stream])).toEqual([
          [events[0].id, 'Granted', 0, s],
          [events[1].id, 'Withdrawn', 1, s],
        ]);
        expect(read[0].data).toEqual({ n: 1, nested: { list: ['a', 'b'] } });
        expect(read[0].metadata).toEqual(events[0].metadata);
        expect(store.comparePositions(read[1].position, result.position)).toBe(0);
      });

      it('continues a stream at the exact revision it was read at', async () => {
        const s = stream();
        await store.append(s, [event('A')], 'no-stream');
        const second = await store.append(s, [event('B'), event('C')], 0);
        expect(second.nextRevision).toBe(2);
        const third = await store.append(s, [event('D')], 'stream-exists');
        expect(third.nextRevision).toBe(3);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
      });

      it('reads part of a stream from a revision', async () => {
        const s = stream();
        await store.append(
          s,
          ['A', 'B', 'C', 'D'].map((t) => event(t)),
          'no-stream',
        );
        expect((await store.readStream(s, { fromRevision: 2 })).map((e) => e.type)).toEqual(['C', 'D']);
        expect((await store.readStream(s, { fromRevision: 1, maxCount: 2 })).map((e) => e.type)).toEqual(['B', 'C']);
      });

      it('reads a missing stream as empty', async () => {
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });
    });

    describe('optimistic concurrency', () => {
      it('refuses no-stream when the stream exists', async () => {
        const s = stream();
        await store.append(s, [event('A')], 'no-stream');
        await expectConflict(store.append(s, [event('B')], 'no-stream'), s, 0);
      });

      it('refuses stream-exists when the stream does not exist', async () => {
        const s = stream();
        await expectConflict(store.append(s, [event('A')], 'stream-exists'), s, -1);
        expect(await store.readStream(s)).toEqual([]);
      });

      it('refuses an exact revision that is behind or ahead', async () => {
        const s = stream();
        await store.append(s, [event('A'), event('B')], 'no-stream');
        await expectConflict(store.append(s, [event('C')], 0), s, 1);
        await expectConflict(store.append(s, [event('C')], 5), s, 1);
        await expectConflict(store.append(stream('other'), [event('C')], 0), undefined, -1);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B']);
      });

      it('accepts any revision with "any"', async () => {
        const s = stream();
        await store.append(s, [event('A')], 'any');
        const result = await store.append(s, [event('B')], 'any');
        expect(result.nextRevision).toBe(1);
      });

      it('writes nothing of a batch that conflicts', async () => {
        const s = stream();
        await store.append(s, [event('A')], 'no-stream');
        await expectConflict(store.append(s, [event('B'), event('C')], 3), s, 0);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A']);
      });
    });

    describe('idempotent appends', () => {
      it('writes a batch once when it is sent again with the same ids and expected revision', async () => {
        const s = stream();
        await store.append(s, [event('A')], 'no-stream');
        const batch = [event('B'), event('C')];
        const first = await store.append(s, batch, 0);
        const again = await store.append(s, batch, 0);
        expect(again.nextRevision).toBe(first.nextRevision);
        expect(store.comparePositions(again.position, first.position)).toBe(0);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('writes a first batch once when it is sent again with no-stream', async () => {
        const s = stream();
        const batch = [event('A')];
        await store.append(s, batch, 'no-stream');
        const again = await store.append(s, batch, 'no-stream');
        expect(again.nextRevision).toBe(0);
        expect(await store.readStream(s)).toHaveLength(1);
      });

      it('answers a retry like the first append even after the stream has moved on', async () => {
        const s = stream();
        await store.append(s, [event('A')], 'no-stream');
        const batch = [event('B'), event('C')];
        const first = await store.append(s, batch, 0);
        await store.append(s, [event('D')], 2);
        const again = await store.append(s, batch, 0);
        expect(again.nextRevision).toBe(first.nextRevision);
        expect(store.comparePositions(again.position, first.position)).toBe(0);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
      });

      // Nothing is promised for 'any' or 'stream-exists': EventStoreDB remembers recent event ids for
      // them in memory on the leader only (IndexWriter.CheckCommit), so a retry may be written twice.
    });

    describe('append size', () => {
      it(`takes an append of exactly ${MAX_APPEND_BYTES} bytes as EventStoreDB counts them`, async () => {
        const s = stream();
        const events = paddedTo(MAX_APPEND_BYTES, 4);
        expect(appendSize(events)).toBe(MAX_APPEND_BYTES);
        expect((await store.append(s, events, 'no-stream')).nextRevision).toBe(3);
        expect((await store.readStream(s)).map((e) => e.id)).toEqual(events.map((e) => e.id));
      });

      it('refuses one byte more, naming the size and the limit, and writes nothing', async () => {
        const s = stream();
        const events = paddedTo(MAX_APPEND_BYTES + 1, 4);
        const error = await store.append(s, events, 'no-stream').then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(AppendTooLargeError);
        expect(error).toMatchObject({ stream: s, size: MAX_APPEND_BYTES + 1, limit: MAX_APPEND_BYTES });
        expect(await store.readStream(s)).toEqual([]);
      });
    });

    describe('read-all', () => {
      it('returns every stream in the global order of appends, after an exclusive position', async () => {
        const start = await store.headPosition();
        const a = stream('a');
        const b = stream('b');
        await store.append(a, [event('A1')], 'no-stream');
        await store.append(b, [event('B1'), event('B2')], 'no-stream');
        await store.append(a, [event('A2')], 0);

        const all = await readAllAfter(store, start);
        const mine = all.filter((e) => e.stream === a || e.stream === b);
        expect(mine.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
        for (let i = 1; i < all.length; i++) {
          expect(store.comparePositions(all[i - 1].position, all[i].position)).toBeLessThan(0);
        }
        const afterFirst = await readAllAfter(store, mine[0].position);
        expect(afterFirst.filter((e) => e.stream === a || e.stream === b).map((e) => e.type)).toEqual([
          'B1',
          'B2',
          'A2',
        ]);
      });

      it('treats a position inside a multi-event append as exclusive too', async () => {
        const s = stream();
        const result = await store.append(s, [event('A'), event('B'), event('C')], 'no-stream');
        const written = await store.readStream(s);
        expect(store.comparePositions(written[0].position, written[1].position)).toBeLessThan(0);
        expect(store.comparePositions(written[1].position, written[2].position)).toBeLessThan(0);
        expect(store.comparePositions(written[2].position, result.position)).toBe(0);
        const afterA = await readAllAfter(store, written[0].position);
        expect(afterA.filter((e) => e.stream === s).map((e) => e.type)).toEqual(['B', 'C']);
        const afterB = await store.readAll({ after: written[1].position, maxCount: 1 });
        expect(afterB.map((e) => [e.stream, e.type])).toEqual([[s, 'C']]);
      });

      it('pages with maxCount without skipping or repeating', async () => {
        const start = await store.headPosition();
        const s = stream();
        await store.append(
          s,
          Array.from({ length: 25 }, (_, i) => event(`E${i}`)),
          'no-stream',
        );
        const seen: string[] = [];
        let after = start;
        for (;;) {
          const page = await store.readAll({ after, maxCount: 7 });
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(7);
          seen.push(...page.filter((e) => e.stream === s).map((e) => e.type));
          after = page[page.length - 1].position;
        }
        expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `E${i}`));
      });

      const wipedIt = harness.openWiped ? it : it.skip;
      wipedIt(
        harness.openWiped
          ? 'refuses to read or follow from a position beyond the end of a log that was wiped or restored'
          : 'refuses to read or follow from a position beyond the end of a log (not checked: no wiped store here)',
        async () => {
          const s = stream();
          const pad = 'x'.repeat(20_000);
          const written = await store.append(
            s,
            ['A', 'B', 'C'].map((t) => event(t, { pad })),
            'no-stream',
          );
          const checkpoint = written.position;
          const wiped = await harness.openWiped!();
          try {
            expect(await wiped.store.headPosition()).toBeUndefined();
            await expect(wiped.store.readAll({ after: checkpoint, maxCount: 10 })).rejects.toBeInstanceOf(
              PositionNotInLogError,
            );
            await wiped.store.append(stream('after-wipe'), [event('Z')], 'no-stream');
            const head = await wiped.store.headPosition();
            expect(wiped.store.comparePositions(checkpoint, head!)).toBeGreaterThan(0);
            const refused = await wiped.store.readAll({ after: checkpoint, maxCount: 10 }).then(
              () => undefined,
              (e: unknown) => e,
            );
            expect(refused).toBeInstanceOf(PositionNotInLogError);
            expect(wiped.store.comparePositions((refused as PositionNotInLogError).head!, head!)).toBe(0);
            const subscription = wiped.store.subscribeToAll({ after: checkpoint });
            await expect(nextMessage(subscription[Symbol.asyncIterator]())).rejects.toBeInstanceOf(
              PositionNotInLogError,
            );
            await subscription.close();
            // Reading from its own head is still fine: that is being caught up, not ahead.
            expect(await wiped.store.readAll({ after: head, maxCount: 10 })).toEqual([]);
          } finally {
            await wiped.dispose();
          }
        },
      );

      it('knows its head position', async () => {
        const s = stream();
        const result = await store.append(s, [event('A')], 'no-stream');
        const head = await store.headPosition();
        expect(head).toBeDefined();
        expect(store.comparePositions(head!, result.position)).toBe(0);
      });
    });

    describe('subscriptions', () => {
      it('delivers each event after the checkpoint once, says when it caught up, then follows live appends', async () => {
        const s = stream();
        await store.append(s, [event('Before')], 'no-stream');
        const checkpoint = (await store.readStream(s))[0].position;
        await store.append(s, [event('Old1'), event('Old2')], 0);

        const subscription = store.subscribeToAll({ after: checkpoint });
        const received: string[] = [];
        const iterator = subscription[Symbol.asyncIterator]();
        const next = () => nextMessage(iterator);

        let message: SubscriptionMessage;
        while ((message = await next()).kind !== 'caught-up') {
          if (message.event.stream === s) received.push(message.event.type);
        }
        expect(received).toEqual(['Old1', 'Old2']);

        await store.append(s, [event('Live1')], 2);
        await store.append(stream('elsewhere'), [event('Other')], 'no-stream');
        await store.append(s, [event('Live2')], 3);
        const live: string[] = [];
        while (live.length < 2) {
          message = await next();
          if (message.kind === 'event' && message.event.stream === s) live.push(message.event.type);
        }
        expect(live).toEqual(['Live1', 'Live2']);
        await subscription.close();
      });

      it('resumes from a checkpoint without repeating what was seen', async () => {
        const s = stream();
        await store.append(
          s,
          ['A', 'B', 'C'].map((t) => event(t)),
          'no-stream',
        );
        const start = (await store.readStream(s))[0].position;
        const first = store.subscribeToAll({ after: start });
        const it1 = first[Symbol.asyncIterator]();
        let checkpoint: Position | undefined;
        for (;;) {
          const m = await nextMessage(it1);
          if (m.kind === 'event' && m.event.stream === s) {
            checkpoint = m.event.position;
            break;
          }
        }
        await first.close();

        const second = store.subscribeToAll({ after: checkpoint });
        const it2 = second[Symbol.asyncIterator]();
        const rest: string[] = [];
        for (;;) {
          const m = await nextMessage(it2);
          if (m.kind === 'caught-up') break;
          if (m.event.stream === s) rest.push(m.event.type);
        }
        expect(rest).toEqual(['C']);
        await second.close();
      });

      it('says caught-up exactly once, and starts after a position inside a multi-event append', async () => {
        const s = stream();
        await store.append(s, [event('A'), event('B'), event('C')], 'no-stream');
        const afterA = (await store.readStream(s))[0].position;
        const subscription = store.subscribeToAll({ after: afterA });
        const iterator = subscription[Symbol.asyncIterator]();
        const messages: string[] = [];
        const record = (m: SubscriptionMessage) =>
          m.kind === 'caught-up' ? messages.push('caught-up') : m.event.stream === s && messages.push(m.event.type);
        let message: SubscriptionMessage;
        do {
          message = await nextMessage(iterator);
          record(message);
        } while (message.kind !== 'caught-up');
        await store.append(s, [event('D'), event('E')], 2);
        while (messages[messages.length - 1] !== 'E') record(await nextMessage(iterator));
        expect(messages).toEqual(['B', 'C', 'caught-up', 'D', 'E']);
        await subscription.close();
      });

      it('ends iteration when closed', async () => {
        const subscription = store.subscribeToAll({});
        const iterator = subscription[Symbol.asyncIterator]();
        const pending = (async () => {
          const seen: SubscriptionMessage[] = [];
          for (;;) {
            const r = await iterator.next();
            if (r.done) return seen;
            seen.push(r.value);
          }
        })();
        await new Promise((r) => setTimeout(r, 50));
        await subscription.close();
        await withTimeout(pending, 5000);
        // And stays ended: a closed subscription hands out nothing more.
        expect((await iterator.next()).done).toBe(true);
      });
    });

    describe('concurrency', () => {
      it('keeps every append of many concurrent writers to one stream, retrying on conflict', async () => {
        const s = stream();
        const writers = 12;
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            for (let attempt = 0; ; attempt++) {
              const current = await store.readStream(s);
              const expected = current.length === 0 ? 'no-stream' : current[current.length - 1].revision;
              try {
                await store.append(s, [event(`W${w}`)], expected);
                return;
              } catch (e) {
                if (!(e instanceof WrongExpectedRevisionError) || attempt > 200) throw e;
              }
            }
          }),
        );
        const read = await store.readStream(s);
        expect(read.map((e) => e.revision)).toEqual(Array.from({ length: writers }, (_, i) => i));
        expect(new Set(read.map((e) => e.type)).size).toBe(writers);
      });

      it('lets exactly one of two writers at the same expected revision win', async () => {
        const s = stream();
        await store.append(s, [event('A')], 'no-stream');
        const results = await Promise.allSettled([store.append(s, [event('X')], 0), store.append(s, [event('Y')], 0)]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(s)).toHaveLength(2);
      });

      it('appends to many streams at once', async () => {
        const streams = Array.from({ length: 50 }, () => stream('many'));
        await Promise.all(streams.map((s) => store.append(s, [event('A'), event('B')], 'no-stream')));
        for (const s of streams) {
          expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B']);
        }
      });
    });
  });
}

/** `count` events whose size, as EventStoreDB counts it, adds up to exactly `total` bytes. */
function paddedTo(total: number, count: number): EventToAppend[] {
  const events = Array.from({ length: count }, () => event('Padded', { pad: '' }));
  const base = appendSize(events);
  const share = Math.floor((total - base) / count);
  const padded = events.map((e, i) => ({
    ...e,
    data: { pad: 'x'.repeat(share + (i === 0 ? total - base - share * count : 0)) },
  }));
  return padded;
}

function event(type: string, data: Record<string, unknown> = {}): EventToAppend {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: { $correlationId: randomUUID(), $causationId: randomUUID(), actor: 'contract-suite' },
  };
}

async function expectConflict(promise: Promise<unknown>, stream: string | undefined, actual: number) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  const conflict = error as WrongExpectedRevisionError;
  if (stream) expect(conflict.stream).toBe(stream);
  if (conflict.actual !== undefined) expect(conflict.actual).toBe(actual);
}

async function readAllAfter(store: EventStore, after: Position | undefined): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) return all;
    all.push(...page);
    after = page[page.length - 1].position;
  }
}

async function nextMessage(iterator: AsyncIterator<SubscriptionMessage>): Promise<SubscriptionMessage> {
  const result = await withTimeout(iterator.next(), 10_000);
  if (result.done) throw new Error('subscription ended early');
  return result.value;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
