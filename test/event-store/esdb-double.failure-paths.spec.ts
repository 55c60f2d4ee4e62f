import {
  DeadlineExceededError,
  EventStoreDBClient,
  MaxAppendSizeExceededError,
  NO_STREAM,
  TimeoutError,
  jsonEvent,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { EsdbEventStore, EsdbEventStoreOptions, RetryNotice } from '../../libs/event-store/src/esdb/esdb-event-store';
import {
  AppendOutcomeUnknownError,
  AppendTooLargeError,
  EventToAppend,
  MAX_APPEND_BYTES,
  Position,
  PositionNotInLogError,
  StoreUnavailableError,
  appendSize,
} from '../../libs/event-store/src/event-store';
import { EsdbDouble, EsdbDoubleOptions, TurnAway, startEsdbDouble } from '../esdb-double/esdb-double';
import { nextMessage } from '../support/subscriptions';

/**
 * The paths EventStoreDB 24.10 takes when things go wrong (EventStore/EventStore at v24.10.4), played
 * by the protocol double against the adapter: in-band refusals, write timeouts, the size limit, a
 * lagging follower, a log shorter than a saved position, and best-effort idempotency for 'any'.
 * Each runs on both append RPCs the client may choose: BatchAppend (24.10) and Append (21.6).
 */
const generations = [
  { name: 'BatchAppend (like 24.10)', batchAppend: true },
  { name: 'Append (like 21.6)', batchAppend: false },
];

const fast: EsdbEventStoreOptions = { baseDelayMs: 5, maxDelayMs: 50 };
const WRITE_TIMEOUT_MS = 150;

describe.each(generations)('EventStoreDB failure paths on the protocol double: $name', (generation) => {
  const appendRpc = generation.batchAppend ? 'BatchAppend' : 'Append';
  const doubles: EsdbDouble[] = [];
  const stores: EsdbEventStore[] = [];
  const clients: EventStoreDBClient[] = [];
  let double: EsdbDouble;

  const start = async (options: Partial<EsdbDoubleOptions> = {}) => {
    const started = await startEsdbDouble({
      batchAppend: generation.batchAppend,
      writeTimeoutMs: WRITE_TIMEOUT_MS,
      ...options,
    });
    doubles.push(started);
    return started;
  };
  const open = (options: EsdbEventStoreOptions = {}, on: { connectionString: string } = double) => {
    const store = EsdbEventStore.connect(on.connectionString, { ...fast, ...options });
    stores.push(store);
    return store;
  };
  const raw = (on: { connectionString: string } = double) => {
    const client = EventStoreDBClient.connectionString(on.connectionString);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    double = await start();
  });
  afterEach(async () => {
    for (const d of doubles) {
      d.clearFaults();
      d.turnAway(undefined);
      d.commitHeld();
    }
    await Promise.all([...stores.splice(0).map((s) => s.close()), ...clients.splice(0).map((c) => c.dispose())]);
  });
  afterAll(async () => {
    await Promise.all(doubles.map((d) => d.stop()));
  });

  describe('a node that turns requests away', () => {
    it.each<TurnAway>(['not-ready', 'busy', 'no-leader'])(
      'retries an append answered "%s", and writes it once',
      async (reason) => {
        const retries: RetryNotice[] = [];
        const store = open({ onRetry: (r) => retries.push(r) });
        const s = stream();
        double.failNext(appendRpc, { code: reason, times: 2 });
        expect((await store.append(s, [event('A')], 'no-stream')).nextRevision).toBe(0);
        expect(retries.map((r) => r.operation)).toEqual(['append', 'append']);
        expect(String(retries[0].error)).toMatch(
          reason === 'not-ready' ? /Server Is Not Ready/ : reason === 'busy' ? /Busy/ : /No leader info/,
        );
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A']);
      },
    );

    it('gives up with StoreUnavailableError("not-ready") when the node stays not ready, having written nothing', async () => {
      const store = open({ maxAttempts: 3 });
      const s = stream();
      double.turnAway('not-ready', 'writes');
      const error = await store.append(s, [event('A')], 'no-stream').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(error).toMatchObject({ failure: 'not-ready' });
      double.turnAway('not-ready', 'all');
      await expect(store.readStream(s)).rejects.toMatchObject({ failure: 'not-ready' });
      double.turnAway(undefined);
      expect(await store.readStream(s)).toEqual([]);
    });

    it('says "unreachable" when no connection can be made', async () => {
      const gone = await start();
      const store = open({ maxAttempts: 2 }, gone);
      await gone.stop();
      const error = await store.append(stream(), [event('A')], 'no-stream').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(error).toMatchObject({ failure: 'unreachable' });
      await expect(store.headPosition()).rejects.toMatchObject({ failure: 'unreachable' });
    });

    it('rides out a graceful restart: not ready while shutting down, refused, not ready while starting', async () => {
      const retries: RetryNotice[] = [];
      const store = open({ maxAttempts: 20, maxDelayMs: 80, onRetry: (r) => retries.push(r) });
      const s = stream('graceful');
      const subscription = store.subscribeToAll({ after: await store.headPosition() });
      const iterator = subscription[Symbol.asyncIterator]();
      while ((await nextMessage(iterator)).kind !== 'caught-up');
      await store.append(s, [event('Before')], 'no-stream');

      const restarting = double.gracefulRestart({ shuttingDownMs: 150, downtimeMs: 150, startingMs: 150 });
      const during = store.append(s, [event('ShuttingDown')], 0); // while the node says it is not ready
      await sleep(200);
      const whileDown = store.append(stream('graceful'), [event('Down')], 'no-stream');
      await restarting;
      expect((await during).nextRevision).toBe(1);
      const down = await whileDown;
      await store.append(s, [event('After')], 1);

      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['Before', 'ShuttingDown', 'After']);
      const seen: string[] = [];
      let sawDown = false;
      while (seen.length < 3 || !sawDown) {
        const message = await nextMessage(iterator);
        if (message.kind !== 'event') throw new Error('caught-up reported twice');
        if (message.event.stream === s) seen.push(message.event.type);
        else if (store.comparePositions(message.event.position, down.position) === 0) sawDown = true;
      }
      expect(seen).toEqual(['Before', 'ShuttingDown', 'After']);
      expect(retries.some((r) => /Server Is Not Ready/.test(String(r.error)))).toBe(true);
      await subscription.close();
    });

    it('fails only the append that was turned away, not the others sharing its call', async () => {
      const retries: RetryNotice[] = [];
      const store = open({ onRetry: (r) => retries.push(r) });
      await store.append(stream(), [event('Warm')], 'no-stream'); // the shared BatchAppend call is open
      double.failNext(appendRpc, { code: 'not-ready' });
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.append(stream(), [event('A')], 'no-stream')),
      );
      expect(results.map((r) => r.nextRevision)).toEqual([0, 0, 0, 0, 0]);
      expect(retries).toHaveLength(1);
    });
  });

  describe('write timeouts', () => {
    it('says the outcome is unknown when a write times out, and the same append later finds it written once', async () => {
      const store = open({ maxAttempts: 3 });
      const s = stream();
      const batch = [event('A'), event('B')];
      double.holdCommits(); // the leader has lost its quorum: writes go in but are not acknowledged
      const error = await store.append(s, batch, 'no-stream').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppendOutcomeUnknownError);
      expect(error).toMatchObject({ stream: s });
      expect(String((error as Error).message)).toMatch(/retry it with the same event ids/);
      expect(await store.readStream(s)).toEqual([]); // not committed, not visible

      double.commitHeld(); // ...and then it commits after all
      const written = await store.readStream(s);
      expect(written.map((e) => e.id)).toEqual(batch.map((e) => e.id));
      const again = await store.append(s, batch, 'no-stream');
      expect(again.nextRevision).toBe(1);
      expect(store.comparePositions(again.position, written[1].position)).toBe(0);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('keeps retrying a timed-out write at an exact revision: retries of an uncommitted write are dropped, not doubled', async () => {
      const retries: RetryNotice[] = [];
      const store = open({ maxAttempts: 10, onRetry: (r) => retries.push(r) });
      const s = stream();
      await store.append(s, [event('A')], 'no-stream');
      double.holdCommits();
      const pending = store.append(s, [event('B')], 0);
      await sleep(WRITE_TIMEOUT_MS * 2 + 50);
      double.commitHeld();
      expect((await pending).nextRevision).toBe(1);
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B']);
      expect(retries.length).toBeGreaterThanOrEqual(1);
      // BatchAppend's in-band Status.Timeout, or Append's ABORTED "Operation timed out".
      expect(retries[0].error).toBeInstanceOf(generation.batchAppend ? DeadlineExceededError : TimeoutError);
    });

    it('does not retry an "any" append whose outcome is unknown: the server may have forgotten its ids', async () => {
      // A leader that has just restarted or taken over remembers no ids for 'any' (IndexWriter.cs).
      const forgetful = await start({ idempotencyCacheSize: 0 });
      const retries: RetryNotice[] = [];
      const store = open({ onRetry: (r) => retries.push(r) }, forgetful);
      const s = stream();
      forgetful.failNext(appendRpc, { afterApply: true }); // applied, then the connection drops
      await expect(store.append(s, [event('A')], 'any')).rejects.toBeInstanceOf(AppendOutcomeUnknownError);
      expect(retries).toEqual([]);
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A']);
    });
  });

  describe('append size', () => {
    it(`refuses an append over ${MAX_APPEND_BYTES} bytes before sending anything`, async () => {
      const store = open();
      const s = stream();
      const events = [event('Big', { pad: 'x'.repeat(MAX_APPEND_BYTES) })];
      const before = { batches: double.batches, appends: double.calls.Append, records: double.log.length };
      const error = await store.append(s, events, 'no-stream').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppendTooLargeError);
      expect(error).toMatchObject({ size: appendSize(events), limit: MAX_APPEND_BYTES });
      expect({ batches: double.batches, appends: double.calls.Append, records: double.log.length }).toEqual(before);
    });

    it("reports a server's lower limit the same way, without retrying", async () => {
      const strict = await start({ maxAppendSize: 2000 });
      const retries: RetryNotice[] = [];
      const store = open({ onRetry: (r) => retries.push(r) }, strict);
      const s = stream();
      const error = await store
        .append(s, [event('Big', { pad: 'x'.repeat(3000) })], 'no-stream')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppendTooLargeError);
      expect(error).toMatchObject({ limit: 2000 });
      expect(retries).toEqual([]);
      expect(await store.readStream(s)).toEqual([]);
    });
  });

  describe('a lagging follower', () => {
    it('reads from the leader, not from a follower that has not caught up', async () => {
      const follower = await double.startFollower();
      try {
        const onFollower = raw(follower);
        const s = stream();
        await onFollower.appendToStream(s, jsonEvent({ type: 'A', data: {} }), { expectedRevision: NO_STREAM });
        follower.lag();
        const b = await onFollower.appendToStream(s, jsonEvent({ type: 'B', data: {} }), { expectedRevision: 0n });
        // The follower forwarded the write but still serves its own, older copy.
        const stale: string[] = [];
        for await (const r of onFollower.readStream(s)) stale.push(r.event!.type);
        expect(stale).toEqual(['A']);

        const store = open({}, follower);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B']);
        expect(
          store.comparePositions(
            (await store.headPosition())!,
            `${b.position!.commit}/${b.position!.prepare}` as Position,
          ),
        ).toBe(0);
        expect((await store.append(s, [event('C')], 1)).nextRevision).toBe(2);
        expect(follower.redirected).toBeGreaterThan(0);
      } finally {
        follower.catchUp();
        await follower.stop();
      }
    });
  });

  describe('a log shorter than a saved position', () => {
    let restored: EsdbDouble;
    beforeAll(async () => {
      restored = await start();
    });

    it('refuses reads and subscriptions from beyond the end, then from inside a record once the log has grown past it', async () => {
      const store = open({ maxAttempts: 10 }, restored);
      const kept = restored.log.length;
      const s = stream();
      const written = await store.append(
        s,
        ['A', 'B', 'C'].map((t) => event(t, { pad: 'y'.repeat(500) })),
        'no-stream',
      );
      const checkpoint = written.position;

      await restored.restore(kept); // the volume comes back from a backup taken before A, B and C
      const head = await store.headPosition();
      expect(head === undefined || store.comparePositions(checkpoint, head) > 0).toBe(true);
      await expect(store.readAll({ after: checkpoint, maxCount: 10 })).rejects.toBeInstanceOf(PositionNotInLogError);
      const first = store.subscribeToAll({ after: checkpoint });
      await expect(first[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(PositionNotInLogError);
      await first.close();

      // New writes carry the log past the saved position, which now falls inside one of them.
      const [commit] = checkpoint.split('/').map(BigInt);
      const end = restored.log.length === 0 ? 4096n : restored.log.at(restored.log.length - 1).end;
      restored.log.appendDirectly('$scavenges', '$padding', Buffer.alloc(Number(commit - end) + 100));
      await store.append(stream(), [event('Later')], 'no-stream');
      expect(() => restored.log.assertReadableFrom({ commit, prepare: commit })).toThrow();
      await expect(store.readAll({ after: checkpoint, maxCount: 10 })).rejects.toBeInstanceOf(PositionNotInLogError);
      const second = store.subscribeToAll({ after: checkpoint });
      await expect(second[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(PositionNotInLogError);
      await second.close();
    });
  });

  if (generation.batchAppend) {
    describe('deadlines read on the server clock', () => {
      it('cannot tell whether an append was written when the server clock runs ahead of the deadline', async () => {
        // The client stamps BatchAppend with its own clock plus 10 s; a server 20 s ahead sees it expired.
        const ahead = await start({ clockSkewMs: 20_000 });
        const store = open({ maxAttempts: 2 }, ahead);
        const s = stream();
        await expect(store.append(s, [event('A')], 'no-stream')).rejects.toBeInstanceOf(AppendOutcomeUnknownError);
        expect(ahead.log.length).toBe(0);
      });
    });
  }

  describe('protocol double, as the real client sees it', () => {
    if (generation.batchAppend) {
      it('answers a BatchAppend refusal in-band for that append only; the shared call serves the others', async () => {
        const client = raw();
        await client.appendToStream(stream(), jsonEvent({ type: 'Warm', data: {} })); // opens the shared call
        double.failNext('BatchAppend', { code: 'timeout' });
        const [timedOut, ...others] = await Promise.allSettled(
          Array.from({ length: 4 }, () => client.appendToStream(stream(), jsonEvent({ type: 'A', data: {} }))),
        );
        expect(timedOut.status).toBe('rejected');
        expect((timedOut as PromiseRejectedResult).reason).toBeInstanceOf(DeadlineExceededError);
        expect(others.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);

        double.failNext('BatchAppend', { code: 'not-ready' });
        // What 6.2.1 makes of the server's "Server Is Not Ready" status: an error it does not recognise.
        await expect(client.appendToStream(stream(), jsonEvent({ type: 'A', data: {} }))).rejects.toMatchObject({
          type: 'unknown',
          message: 'Could not recognize Server Is Not Ready',
        });
      });
    }

    it('refuses an append over its MaxAppendSize, as SizeOnDisk counts it', async () => {
      const strict = await start({ maxAppendSize: 1000 });
      const client = raw(strict);
      const s = stream();
      // 3 × (300 bytes of JSON data + 2 × 6 for the type) = 936 bytes: under the limit; 4 are over it.
      const small = Array.from({ length: 3 }, () => jsonEvent({ type: 'Sized6', data: 'x'.repeat(298) }));
      await client.appendToStream(s, small, { expectedRevision: NO_STREAM });
      const big = Array.from({ length: 4 }, () => jsonEvent({ type: 'Sized6', data: 'x'.repeat(298) }));
      const error = await client.appendToStream(s, big, { expectedRevision: 2n }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
      expect(error).toMatchObject({ maxAppendSize: 1000 });
    });

    it("remembers the ids of 'any' appends only in a bounded cache that a restart empties", async () => {
      const forgetful = await start({ idempotencyCacheSize: 3 });
      const client = raw(forgetful);
      const s = stream();
      const typesOf = async () => {
        const types: string[] = [];
        for await (const r of client.readStream(s)) types.push(r.event!.type);
        return types;
      };
      const batch = [jsonEvent({ type: 'A', data: {} }), jsonEvent({ type: 'B', data: {} })];
      await client.appendToStream(s, batch);
      await client.appendToStream(s, batch); // remembered: written once
      expect(await typesOf()).toEqual(['A', 'B']);
      for (let i = 0; i < 3; i++) await client.appendToStream(stream(), jsonEvent({ type: 'Other', data: {} }));
      await client.appendToStream(s, batch); // forgotten: written again
      expect(await typesOf()).toEqual(['A', 'B', 'A', 'B']);
      // Exact revisions are checked against the stream itself, whatever the cache holds.
      await client.appendToStream(s, batch, { expectedRevision: 1n });
      expect(await typesOf()).toEqual(['A', 'B', 'A', 'B']);

      const again = [jsonEvent({ type: 'C', data: {} })];
      await client.appendToStream(s, again);
      await forgetful.gracefulRestart({ shuttingDownMs: 0, downtimeMs: 20, startingMs: 0 });
      const afterRestart = raw(forgetful);
      await afterRestart.appendToStream(s, again);
      expect(await typesOf()).toEqual(['A', 'B', 'A', 'B', 'C', 'C']);
    });
  });
});

// --- helpers ------------------------------------------------------------------------------------

let seq = 0;
function stream(category = 'paths'): string {
  return `${category}-${process.pid}x${Date.now().toString(36)}x${++seq}`;
}

function event(type: string, data: Record<string, unknown> = {}): EventToAppend {
  return { id: randomUUID(), type, data: { type, ...data }, metadata: { $correlationId: randomUUID() } };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
