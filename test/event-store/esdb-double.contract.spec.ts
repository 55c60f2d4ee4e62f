import {
  EventStoreDBClient,
  NO_STREAM,
  START,
  UnavailableError,
  eventTypeFilter,
  jsonEvent,
  type Position as ClientPosition,
} from '@eventstore/db-client';
import { status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { eventStoreContract } from '../../libs/event-store/src/contract/event-store.contract';
import {
  EsdbEventStore,
  EsdbEventStoreOptions,
  RetryNotice,
  UnreadableEventError,
} from '../../libs/event-store/src/esdb/esdb-event-store';
import {
  EventToAppend,
  Position,
  StoreUnavailableError,
  StoredEvent,
  SubscriptionMessage,
  WrongExpectedRevisionError,
} from '../../libs/event-store/src/event-store';
import { EsdbDouble, startEsdbDouble } from '../esdb-double/esdb-double';
import { nextMessage } from '../support/subscriptions';

/**
 * The EventStoreDB adapter against the in-process protocol double, once per server generation: with
 * BatchAppend advertised and caught-up sent (like 24.10), and without either (like 21.6), so that the
 * client's Append path and BatchAppend path both run. The second also lays appends out as explicit
 * transactions (several events sharing a commit position), so positions are compared on both parts.
 */
const generations = [
  { name: 'BatchAppend advertised, caught-up sent (like 24.10)', batchAppend: true, caughtUp: true },
  {
    name: 'Append only, no caught-up, transaction positions (like 21.6)',
    batchAppend: false,
    caughtUp: false,
    explicitTransactions: true,
  },
];

const fast: EsdbEventStoreOptions = { baseDelayMs: 5, maxDelayMs: 50 };

describe.each(generations)('EsdbEventStore on the protocol double: $name', (generation) => {
  let double: EsdbDouble;
  const appendRpc = generation.batchAppend ? 'BatchAppend' : 'Append';
  const opened: EsdbEventStore[] = [];
  const open = (options: EsdbEventStoreOptions = {}) => {
    const store = EsdbEventStore.connect(double.connectionString, { ...fast, ...options });
    opened.push(store);
    return store;
  };

  beforeAll(async () => {
    double = await startEsdbDouble(generation);
  });
  afterEach(async () => {
    double.clearFaults();
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  afterAll(async () => {
    await double.stop();
  });

  eventStoreContract(`EventStoreDB double (${generation.name})`, {
    open: async () => EsdbEventStore.connect(double.connectionString, fast),
    // Another double: a server whose volume was wiped, reached by a ledger whose read models survived.
    openWiped: async () => {
      const wiped = await startEsdbDouble(generation);
      const store = EsdbEventStore.connect(wiped.connectionString, fast);
      return {
        store,
        dispose: async () => {
          await store.close();
          await wiped.stop();
        },
      };
    },
  });

  describe('adapter', () => {
    it(`appended through ${appendRpc} only, after asking the server what it supports`, () => {
      expect(double.calls.GetSupportedMethods).toBeGreaterThan(0);
      if (generation.batchAppend) {
        expect(double.batches).toBeGreaterThan(0);
        expect(double.calls.BatchAppend).toBeGreaterThan(0);
        expect(double.calls.Append).toBe(0);
      } else {
        expect(double.calls.Append).toBeGreaterThan(0);
        expect(double.calls.BatchAppend).toBe(0);
        expect(double.batches).toBe(0);
      }
    });

    it('retries an append whose reply was lost after the server applied it, and writes it once', async () => {
      const retries: RetryNotice[] = [];
      const store = open({ onRetry: (r) => retries.push(r) });
      const s = stream();
      await store.append(s, [event('A')], 'no-stream');
      double.failNext(appendRpc, { afterApply: true });
      const result = await store.append(s, [event('B'), event('C')], 0);
      expect(result.nextRevision).toBe(2);
      const read = await store.readStream(s);
      expect(read.map((e) => e.type)).toEqual(['A', 'B', 'C']);
      expect(store.comparePositions(result.position, read[2].position)).toBe(0);
      expect(retries.map((r) => r.operation)).toEqual(['append']);
      expect(retries[0].error).toBeInstanceOf(UnavailableError);
    });

    it('retries an append refused with UNAVAILABLE and with a leader redirect', async () => {
      const retries: RetryNotice[] = [];
      const store = open({ onRetry: (r) => retries.push(r) });
      const s = stream();
      double.failNext(appendRpc, { times: 2 });
      expect((await store.append(s, [event('A')], 'no-stream')).nextRevision).toBe(0);
      double.failNext(appendRpc, { code: 'not-leader' });
      expect((await store.append(s, [event('B')], 0)).nextRevision).toBe(1);
      expect(retries.map((r) => r.operation)).toEqual(['append', 'append', 'append']);
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B']);
    });

    it('abandons a try that gets no reply: the retry finds the append already written, once', async () => {
      const retries: RetryNotice[] = [];
      const store = open({ attemptTimeoutMs: 250, onRetry: (r) => retries.push(r) });
      const s = stream();
      double.failNext(appendRpc, { code: 'no-reply', afterApply: true });
      const result = await store.append(s, [event('A'), event('B')], 'no-stream');
      expect(result.nextRevision).toBe(1);
      double.failNext('Read', { code: 'no-reply' });
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B']);
      expect(retries.map((r) => [r.operation, (r.error as Error).name])).toEqual([
        ['append', 'AttemptTimeoutError'],
        ['read', 'AttemptTimeoutError'],
      ]);
    });

    it('retries reads on UNAVAILABLE, DEADLINE_EXCEEDED and a leader redirect', async () => {
      const retries: RetryNotice[] = [];
      const store = open({ onRetry: (r) => retries.push(r) });
      const s = stream();
      const written = await store.append(s, [event('A')], 'no-stream');
      double.failNext('Read', { times: 2 });
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A']);
      double.failNext('Read', { code: status.DEADLINE_EXCEEDED });
      const head = await store.headPosition();
      expect(store.comparePositions(head!, written.position)).toBe(0);
      double.failNext('Read', { code: 'not-leader' });
      const page = await store.readAll({ after: undefined, maxCount: 1 });
      expect(page).toHaveLength(1);
      expect(retries.map((r) => r.operation)).toEqual(['read', 'read', 'read', 'read']);
    });

    it('gives up after maxAttempts, and never retries a conflict', async () => {
      const store = open({ maxAttempts: 3 });
      const s = stream();
      await store.append(s, [event('A')], 'no-stream');
      double.failNext('Read', { times: 10 });
      const readsBefore = double.calls.Read;
      const error = await store.readStream(s).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as StoreUnavailableError).cause).toBeInstanceOf(UnavailableError);
      expect(double.calls.Read - readsBefore).toBe(3);
      double.clearFaults();

      const appendsBefore = generation.batchAppend ? double.batches : double.calls.Append;
      await expect(store.append(s, [event('B')], 'no-stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect((generation.batchAppend ? double.batches : double.calls.Append) - appendsBefore).toBe(1);
    });

    it('resumes a dropped subscription after its last event, without duplicates or gaps', async () => {
      const retries: RetryNotice[] = [];
      const store = open({ onRetry: (r) => retries.push(r) });
      const s = stream('dropped');
      const subscription = store.subscribeToAll({ after: await store.headPosition() });
      const iterator = subscription[Symbol.asyncIterator]();
      await untilCaughtUp(iterator);

      await store.append(s, [event('E0'), event('E1')], 'no-stream');
      const seen = await nextOf(iterator, s, 2);
      expect(double.dropSubscriptions()).toBeGreaterThan(0);
      await store.append(s, [event('E2')], 1);
      await store.append(s, [event('E3'), event('E4')], 2);
      seen.push(...(await nextOf(iterator, s, 3)));
      // Drop again while the consumer waits: the adapter re-opens its live subscription lazily, on demand.
      const waiting = nextOf(iterator, s, 1);
      await waitUntil(() => double.openSubscriptions() > 0);
      expect(double.dropSubscriptions()).toBeGreaterThan(0);
      await store.append(s, [event('E5')], 4);
      seen.push(...(await waiting));

      expect(seen.map((e) => e.type)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E5']);
      expect(retries.filter((r) => r.operation === 'subscription').length).toBeGreaterThanOrEqual(2);
      await subscription.close();
    });

    it('rides out a server restart: the append is retried and the subscription resumes', async () => {
      const store = open({ maxAttempts: 10, maxDelayMs: 400 });
      const s = stream('restart');
      const subscription = store.subscribeToAll({ after: await store.headPosition() });
      const iterator = subscription[Symbol.asyncIterator]();
      await untilCaughtUp(iterator);
      await store.append(s, [event('Before')], 'no-stream');
      const seen = await nextOf(iterator, s, 1);

      const restarted = double.restart(150);
      const during = store.append(s, [event('During')], 0);
      await restarted;
      expect((await during).nextRevision).toBe(0 + 1);
      await store.append(s, [event('After')], 1);
      seen.push(...(await nextOf(iterator, s, 2)));

      expect(seen.map((e) => e.type)).toEqual(['Before', 'During', 'After']);
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['Before', 'During', 'After']);
      await subscription.close();
    });

    it('never returns events of system streams or system types from reads, head position or subscriptions', async () => {
      const store = open();
      const raw = EventStoreDBClient.connectionString(double.connectionString);
      const s = stream('ledger');
      const doomed = stream('doomed');
      const start = await store.headPosition();
      const live = store.subscribeToAll({ after: start });
      const liveIterator = live[Symbol.asyncIterator]();
      await untilCaughtUp(liveIterator);

      double.log.appendDirectly('$stats-127.0.0.1:2113', '$statsCollected', { cpu: 3 });
      await store.append(s, [event('Granted')], 'no-stream');
      await raw.setStreamMetadata(s, { maxAge: 3600 }); // `$metadata` in `$$<stream>`
      double.log.appendDirectly('$ce-ledger', '$>', { link: `0@${s}` });
      await raw.appendToStream(doomed, jsonEvent({ type: 'Doomed', data: {} }));
      await raw.tombstoneStream(doomed); // `$streamDeleted` inside a non-system stream
      const last = await store.append(s, [event('Withdrawn')], 0);
      double.log.appendDirectly('$settings', '$settings', {});
      // Plugins write into system streams under types without a `$` (24.10's connectors do).
      double.log.appendDirectly('$connectors-ledger-sink', 'ConnectorActivated', { connectorId: 'sink' });

      // The server's log really holds them, or this test would prove nothing.
      const rawTypes: string[] = [];
      for await (const resolved of raw.readAll({ fromPosition: START })) rawTypes.push(resolved.event!.type);
      expect(rawTypes).toEqual(
        expect.arrayContaining([
          '$statsCollected',
          '$metadata',
          '$>',
          '$streamDeleted',
          '$settings',
          'ConnectorActivated',
        ]),
      );

      const read = await readAllAfter(store, start);
      expect(read.map((e) => e.type)).toEqual(['Granted', 'Doomed', 'Withdrawn']);
      expect(store.comparePositions((await store.headPosition())!, last.position)).toBe(0);

      const liveTypes = (await nextOf(liveIterator, undefined, 3)).map((e) => e.type);
      expect(liveTypes).toEqual(['Granted', 'Doomed', 'Withdrawn']);
      const replay = store.subscribeToAll({ after: start });
      const replayIterator = replay[Symbol.asyncIterator]();
      const replayed: string[] = [];
      for (let m = await nextMessage(replayIterator); m.kind !== 'caught-up'; m = await nextMessage(replayIterator)) {
        replayed.push(m.event.type);
      }
      expect(replayed).toEqual(['Granted', 'Doomed', 'Withdrawn']);
      await Promise.all([live.close(), replay.close(), raw.dispose()]);
    });
    it('ends its subscriptions when the store closes, even one waiting to resubscribe', async () => {
      const retries: RetryNotice[] = [];
      const store = open({ maxAttempts: 2, onRetry: (r) => retries.push(r) });
      double.failNext('Read', { times: 1000 });
      const iterator = store.subscribeToAll({})[Symbol.asyncIterator]();
      const ended = iterator.next();
      await waitUntil(() => retries.some((r) => r.operation === 'subscription'));
      await store.close();
      await expect(ended).resolves.toEqual({ done: true, value: undefined });
    });

    it('stops with an error at an event that is not JSON, instead of skipping it or looping', async () => {
      const store = open();
      const start = await store.headPosition();
      double.log.appendDirectly(stream('foreign'), 'Foreign', Buffer.from([0xff, 0x00])); // not JSON
      await expect(store.readAll({ after: start, maxCount: 10 })).rejects.toBeInstanceOf(UnreadableEventError);
      const iterator = store.subscribeToAll({ after: start })[Symbol.asyncIterator]();
      await expect(iterator.next()).rejects.toBeInstanceOf(UnreadableEventError);
    });
  });

  describe('protocol double, as the real client sees it', () => {
    it('reports conflicts in the shape each RPC uses: Append field, BatchAppend status detail, Delete trailers', async () => {
      const raw = EventStoreDBClient.connectionString(double.connectionString);
      const s = stream();
      await raw.appendToStream(s, jsonEvent({ type: 'A', data: {} }), { expectedRevision: NO_STREAM });
      await expect(
        raw.appendToStream(s, jsonEvent({ type: 'B', data: {} }), { expectedRevision: NO_STREAM }),
      ).rejects.toMatchObject({
        type: 'wrong-expected-version',
        streamName: s,
        actualVersion: 0n,
        expectedVersion: 'no_stream',
      });
      await expect(raw.deleteStream(s, { expectedRevision: 5n })).rejects.toMatchObject({
        type: 'wrong-expected-version',
        streamName: s,
        actualVersion: 0n,
        expectedVersion: 5n,
      });
      await raw.deleteStream(s, { expectedRevision: 0n });
      await expect(collect(raw.readStream(s))).rejects.toMatchObject({ type: 'stream-not-found' });
      await raw.dispose();
    });

    it('serves stream subscriptions, re-creates soft-deleted streams and refuses writes to tombstoned ones', async () => {
      const raw = EventStoreDBClient.connectionString(double.connectionString);
      const s = stream();
      await raw.appendToStream(s, [jsonEvent({ type: 'A', data: {} }), jsonEvent({ type: 'B', data: {} })]);
      const subscription = raw.subscribeToStream(s, { fromRevision: 0n });
      const seen: string[] = [];
      subscription.on('data', (resolved: { event?: { type: string } }) => seen.push(resolved.event!.type));
      await waitUntil(() => seen.length === 1);
      await raw.deleteStream(s);
      await expect(collect(raw.readStream(s))).rejects.toMatchObject({ type: 'stream-not-found' });
      const recreated = await raw.appendToStream(s, jsonEvent({ type: 'C', data: {} }), {
        expectedRevision: NO_STREAM,
      });
      expect(recreated.nextExpectedRevision).toBe(2n);
      expect((await collect(raw.readStream(s))).map((r) => [r.event!.type, r.event!.revision])).toEqual([['C', 2n]]);
      await waitUntil(() => seen.length === 2);
      expect(seen).toEqual(['B', 'C']);
      await subscription.unsubscribe();

      await raw.tombstoneStream(s);
      await expect(raw.appendToStream(s, jsonEvent({ type: 'D', data: {} }))).rejects.toMatchObject({
        type: 'stream-deleted',
      });
      await expect(collect(raw.readStream(s))).rejects.toMatchObject({ type: 'stream-deleted' });
      await raw.dispose();
    });

    it(`sends checkpoints on filtered subscriptions, and ${generation.caughtUp ? 'a' : 'no'} caught-up message`, async () => {
      const raw = EventStoreDBClient.connectionString(double.connectionString);
      const s = stream('probe');
      await raw.appendToStream(
        s,
        Array.from({ length: 40 }, (_, i) => jsonEvent({ type: `Probe${i}`, data: {} })),
      );
      const checkpoints: ClientPosition[] = [];
      const subscription = raw.subscribeToAll({
        fromPosition: START,
        filter: eventTypeFilter({
          prefixes: ['Probe'],
          checkpointInterval: 1,
          checkpointReached: async (_sub, position) => void checkpoints.push(position),
        }),
      });
      let caughtUp = false;
      const types: string[] = [];
      subscription.on('caughtUp', () => (caughtUp = true));
      subscription.on('data', (resolved: { event?: { type: string; streamId: string } }) => {
        if (resolved.event?.streamId === s) types.push(resolved.event.type);
      });
      await waitUntil(() => types.length === 40 && (caughtUp || !generation.caughtUp));
      await new Promise((r) => setTimeout(r, 50));
      expect(types).toEqual(Array.from({ length: 40 }, (_, i) => `Probe${i}`));
      expect(caughtUp).toBe(generation.caughtUp);
      expect(checkpoints.length).toBeGreaterThan(0);
      await subscription.unsubscribe();
      await raw.dispose();
    });
  });
});

// --- helpers ------------------------------------------------------------------------------------

let seq = 0;
function stream(category = 'esdb'): string {
  return `${category}-${process.pid}x${Date.now().toString(36)}x${++seq}`;
}

function event(type: string): EventToAppend {
  return {
    id: randomUUID(),
    type,
    data: { type },
    metadata: { $correlationId: randomUUID(), $causationId: randomUUID() },
  };
}

async function untilCaughtUp(iterator: AsyncIterator<SubscriptionMessage>): Promise<void> {
  while ((await nextMessage(iterator)).kind !== 'caught-up');
}

/** The next `count` events (of `stream`, when given), failing on a second caught-up. */
async function nextOf(iterator: AsyncIterator<SubscriptionMessage>, stream: string | undefined, count: number) {
  const events: StoredEvent[] = [];
  while (events.length < count) {
    const message = await nextMessage(iterator);
    if (message.kind === 'caught-up') throw new Error('caught-up reported twice');
    if (stream === undefined || message.event.stream === stream) events.push(message.event);
  }
  return events;
}

async function waitUntil(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function readAllAfter(store: EsdbEventStore, after: Position | undefined): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (let page = await store.readAll({ after, maxCount: 2 }); page.length > 0;) {
    all.push(...page);
    page = await store.readAll({ after: page[page.length - 1].position, maxCount: 2 });
  }
  return all;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
