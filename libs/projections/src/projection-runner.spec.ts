import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, SqliteEventStore } from '@ledger/event-store';
import {
  chainEvents,
  GENESIS_HASH,
  IntegrityFailure,
  LEDGER_SCHEMAS,
  subjectStream,
  toAppend,
} from '@ledger/ledger-log';
import { LedgerEvent, Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { ReadModelDb } from './read-model-db';
import { ReadSide } from './read-side';

/** Counts how often each event was applied, in a table of the read-model database. */
class CountingProjection implements Projection {
  readonly name = 'counting';
  version = 1;
  failOn?: string;

  constructor(private readonly db: ReadModelDb) {}

  setUp(): void {
    this.db.db.exec('CREATE TABLE IF NOT EXISTS applied (event_id TEXT NOT NULL, type TEXT NOT NULL)');
  }

  tearDown(): void {
    this.db.db.exec('DROP TABLE IF EXISTS applied');
  }

  apply(event: LedgerEvent): void {
    this.db.db.prepare('INSERT INTO applied VALUES (?, ?)').run(event.id, event.type);
    if (event.type === this.failOn) throw new Error(`cannot apply ${event.type}`);
  }

  counts(): Map<string, number> {
    const rows = this.db.db
      .prepare<[], { event_id: string; n: number }>('SELECT event_id, COUNT(*) AS n FROM applied GROUP BY event_id')
      .all();
    return new Map(rows.map((r) => [r.event_id, r.n]));
  }
}

let dir: string;
let store: EventStore;
let seq = 0;
const runners: ProjectionRunner[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-runner-'));
  store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
});
afterEach(async () => {
  // A test that failed half way must not leave a runner polling a closed store.
  for (const runner of runners.splice(0)) await runner.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A runner stopped after the test, whatever happens in it. */
function runnerOf(...args: ConstructorParameters<typeof ProjectionRunner>): ProjectionRunner {
  const runner = new ProjectionRunner(...args);
  runners.push(runner);
  return runner;
}

/** Ledger events, each on its own stream, chained as the command road writes them. */
async function append(n: number, type = 'CommandReceived', recordedAt = new Date().toISOString()) {
  for (let i = 0; i < n; i++) {
    const stream = `thing-${++seq}`;
    await store.append(stream, chained(stream, 0, GENESIS_HASH, type, recordedAt), 'no-stream');
  }
}

function chained(
  stream: string,
  revision: number,
  previous: string,
  type: string,
  recordedAt = new Date().toISOString(),
) {
  const events = toAppend([{ type, data: { n: seq } }], {
    commandId: `cmd-${stream}-${revision}`,
    correlationId: 'c',
    actor: { kind: 'system', id: 'test' },
    occurredAt: recordedAt,
    recordedAt,
  });
  return chainEvents(stream, revision, previous, events);
}

/** A read-model file built once up to the end of the log, then closed. */
async function buildReadModels(file: string): Promise<void> {
  const db = new ReadModelDb(file);
  const runner = runnerOf(store, db, [new CountingProjection(db)]);
  runner.start();
  await until(async () => (await runner.status()).caughtUp);
  await runner.stop();
  db.close();
}

async function until(condition: () => boolean | Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('ProjectionRunner', () => {
  it('applies every event once, in batches, and resumes after a restart from its checkpoint', async () => {
    await append(1200);
    const db = new ReadModelDb(join(dir, 'read.sqlite'));
    const counting = new CountingProjection(db);
    const runner = runnerOf(store, db, [counting], { batchSize: 500 });
    runner.start();
    await until(async () => (await runner.status()).caughtUp);
    await runner.stop();
    db.close();

    await append(300);
    const reopened = new ReadModelDb(join(dir, 'read.sqlite'));
    const again = new CountingProjection(reopened);
    const second = runnerOf(store, reopened, [again]);
    second.start();
    await until(async () => (await second.status()).caughtUp);
    const counts = again.counts();
    expect(counts.size).toBe(1500);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect((await second.status()).eventsApplied).toBe(1500);
    await second.stop();
    reopened.close();
  });

  it('keeps live events flowing after catching up', async () => {
    const db = new ReadModelDb(':memory:');
    const counting = new CountingProjection(db);
    const runner = runnerOf(store, db, [counting]);
    runner.start();
    await append(3);
    await until(() => counting.counts().size === 3);
    await append(2);
    await until(() => counting.counts().size === 5);
    // Each once: the live events are not the caught-up ones again.
    expect([...counting.counts().values()]).toEqual([1, 1, 1, 1, 1]);
    await runner.stop();
  });

  it('rolls a failing batch back with its checkpoint, shows the error, and never skips the event', async () => {
    await append(5);
    await append(1, 'LookupMissed');
    await append(4);
    const db = new ReadModelDb(':memory:');
    const counting = new CountingProjection(db);
    counting.failOn = 'LookupMissed';
    const errors: unknown[] = [];
    const runner = runnerOf(store, db, [counting], { onError: (e) => errors.push(e) });
    runner.start();
    await until(() => errors.length > 0);
    const stuck = await runner.status();
    expect(stuck.lastError).toContain('cannot apply LookupMissed');
    expect(stuck.caughtUp).toBe(false);
    expect(counting.counts().size).toBe(0);

    counting.failOn = undefined;
    await until(async () => (await runner.status()).caughtUp, 10_000);
    expect(counting.counts().size).toBe(10);
    expect([...counting.counts().values()].every((n) => n === 1)).toBe(true);
    expect((await runner.status()).lastError).toBeUndefined();
    await runner.stop();
  });

  it('shows its lag: how long the oldest unapplied event has waited', async () => {
    const recordedAt = '2025-01-01T00:00:00.000Z';
    await append(2, 'CommandReceived', recordedAt);
    const db = new ReadModelDb(':memory:');
    const runner = runnerOf(store, db, [new CountingProjection(db)], {
      now: () => Date.parse(recordedAt) + 90_000,
    });
    expect(await runner.status()).toMatchObject({ running: false, caughtUp: false, lagMs: 90_000, eventsApplied: 0 });
    runner.start();
    await until(async () => (await runner.status()).caughtUp);
    expect(await runner.status()).toMatchObject({ running: true, caughtUp: true, lagMs: 0, eventsApplied: 2 });
    await runner.stop();
  });

  it('lets a reader wait for a position, and gives up after its timeout', async () => {
    const db = new ReadModelDb(':memory:');
    const runner = runnerOf(store, db, [new CountingProjection(db)]);
    await append(1);
    const head = (await store.headPosition())!;
    expect(await runner.waitFor(head, 50)).toBe(false);
    runner.start();
    expect(await runner.waitFor(head, 5000)).toBe(true);
    await runner.stop();
  });

  it("rebuilds from zero when a projection's version changes", async () => {
    await append(7);
    const file = join(dir, 'versioned.sqlite');
    await buildReadModels(file);

    const same = new ReadModelDb(file);
    const unchanged = new CountingProjection(same);
    runnerOf(store, same, [unchanged]);
    expect(unchanged.counts().size).toBe(7);
    same.close();

    const next = new ReadModelDb(file);
    const changed = new CountingProjection(next);
    changed.version = 2;
    const rebuilt = runnerOf(store, next, [changed]);
    expect(changed.counts().size).toBe(0);
    rebuilt.start();
    await until(async () => (await rebuilt.status()).caughtUp);
    expect(changed.counts().size).toBe(7);
    await rebuilt.stop();
    next.close();
  });

  it('rebuilds from zero after a reset', async () => {
    await append(20);
    const db = new ReadModelDb(':memory:');
    const counting = new CountingProjection(db);
    const runner = runnerOf(store, db, [counting]);
    runner.start();
    await until(async () => (await runner.status()).caughtUp);
    await runner.reset();
    expect(counting.counts().size).toBe(0);
    expect(runner.checkpoint).toBeUndefined();
    runner.start();
    await until(async () => (await runner.status()).caughtUp);
    expect(counting.counts().size).toBe(20);
    await runner.stop();
  });

  it('checks every event against its hash and its stream: a changed event stops the runner, and is never skipped', async () => {
    await append(3);
    const stream = 'thing-changed';
    const [first] = chained(stream, 0, GENESIS_HASH, 'CommandReceived');
    await store.append(stream, [first], 'no-stream');
    // Written with a hash that no longer matches its content: changed outside the ledger.
    const [second] = chained(stream, 1, first.metadata.hash as string, 'CommandReceived');
    await store.append(stream, [{ ...second, data: { n: 'altered' } }], 0);
    await append(2);
    const db = new ReadModelDb(':memory:');
    const counting = new CountingProjection(db);
    const errors: unknown[] = [];
    const runner = runnerOf(store, db, [counting], { onError: (e) => errors.push(e) });
    runner.start();
    await until(() => errors.length > 1);
    expect(errors[0]).toBeInstanceOf(IntegrityFailure);
    expect(errors[0]).toMatchObject({ stream, revision: 1, reason: 'content-changed' });
    const status = await runner.status();
    expect(status).toMatchObject({ caughtUp: false, lastError: `${stream} revision 1: content changed` });
    // The whole batch with the bad event was rolled back: nothing after it, nor before it in that batch.
    expect(counting.counts().size).toBe(0);
  });

  it('refuses an event that does not chain to the one before it in its stream', async () => {
    const stream = 'thing-forked';
    const [first] = chained(stream, 0, GENESIS_HASH, 'CommandReceived');
    await store.append(stream, [first], 'no-stream');
    await store.append(stream, chained(stream, 1, GENESIS_HASH, 'CommandReceived'), 0);
    const db = new ReadModelDb(':memory:');
    const errors: unknown[] = [];
    const counting = new CountingProjection(db);
    runnerOf(store, db, [counting], { onError: (e) => errors.push(e) }).start();
    await until(() => errors.length > 0);
    expect(errors[0]).toMatchObject({ stream, revision: 1, reason: 'chain-broken' });
    expect(counting.counts().size).toBe(0);
  });

  it("checks events against their streams' heads stored by earlier pages: chained ones apply, a broken chain or a gap is refused", async () => {
    // Three streams, each begun in the first page; later pages go on from the heads the first stored.
    const heads = new Map<string, string>();
    for (const stream of ['thing-a', 'thing-b', 'thing-c']) {
      const [first] = chained(stream, 0, GENESIS_HASH, 'CommandReceived');
      await store.append(stream, [first], 'no-stream');
      heads.set(stream, first.metadata.hash as string);
    }
    await append(3);
    for (const stream of ['thing-a', 'thing-b']) {
      const [next] = chained(stream, 1, heads.get(stream)!, 'CommandReceived');
      await store.append(stream, [next], 0);
    }
    const db = new ReadModelDb(':memory:');
    const counting = new CountingProjection(db);
    const runner = runnerOf(store, db, [counting], { catchUpBatchSize: 4 });
    runner.start();
    await until(async () => (await runner.status()).caughtUp);
    expect(counting.counts().size).toBe(8);
    await runner.stop();

    // The next page: thing-c forks from the genesis hash instead of its stored head.
    await store.append('thing-c', chained('thing-c', 1, GENESIS_HASH, 'CommandReceived'), 0);
    const errors: unknown[] = [];
    const forked = runnerOf(store, db, [counting], { catchUpBatchSize: 4, onError: (e) => errors.push(e) });
    forked.start();
    await until(() => errors.length > 0);
    expect(errors[0]).toMatchObject({ stream: 'thing-c', revision: 1, reason: 'chain-broken' });
    expect(counting.counts().size).toBe(8);
    await forked.stop();

    // A stream whose stored head is revision 0, met again at revision 2: a gap.
    const gap = new ReadModelDb(':memory:');
    const other = new SqliteEventStore({ file: join(dir, 'gap.sqlite') });
    try {
      const [first] = chained('thing-g', 0, GENESIS_HASH, 'CommandReceived');
      await other.append('thing-g', [first], 'no-stream');
      const gapErrors: unknown[] = [];
      const g = runnerOf(other, gap, [new CountingProjection(gap)], { onError: (e) => gapErrors.push(e) });
      g.start();
      await until(async () => (await g.status()).caughtUp);
      await g.stop();
      const [second] = chained('thing-g', 1, first.metadata.hash as string, 'CommandReceived');
      // Written straight into the file at revision 2, as a store changed outside the ledger would hold it.
      const raw = new Database(join(dir, 'gap.sqlite'));
      raw
        .prepare('INSERT INTO events (stream, revision, id, type, data, metadata) VALUES (?, 2, ?, ?, ?, ?)')
        .run('thing-g', second.id, second.type, JSON.stringify(second.data), JSON.stringify(second.metadata));
      raw.close();
      g.start();
      await until(() => gapErrors.length > 0);
      expect(gapErrors[0]).toMatchObject({ stream: 'thing-g', revision: 2, reason: 'revision-gap' });
      await g.stop();
    } finally {
      await other.close();
      gap.close();
    }
  });

  it('moves its checkpoint only from where it started: a second runner on the same read models applies nothing twice', async () => {
    await append(300);
    const file = join(dir, 'shared.sqlite');
    const a = new ReadModelDb(file);
    const b = new ReadModelDb(file);
    const countingA = new CountingProjection(a);
    const one = runnerOf(store, a, [countingA], { batchSize: 7 });
    const two = runnerOf(store, b, [new CountingProjection(b)], { batchSize: 11 });
    one.start();
    two.start();
    await until(async () => (await one.status()).caughtUp);
    await append(50);
    await until(async () => (await one.status()).caughtUp && countingA.counts().size === 350);
    expect([...countingA.counts().values()].every((n) => n === 1)).toBe(true);
    expect((await one.status()).eventsApplied).toBe(350);
    await one.stop();
    await two.stop();
    a.close();
    b.close();
  });

  it('catches up a page of the log per transaction: a failure mid-page keeps the pages before it, and a restart applies the rest once', async () => {
    await append(10);
    await append(1, 'LookupMissed');
    await append(4);
    const file = join(dir, 'paged.sqlite');
    const db = new ReadModelDb(file);
    const counting = new CountingProjection(db);
    counting.failOn = 'LookupMissed';
    const errors: unknown[] = [];
    const runner = runnerOf(store, db, [counting], { catchUpBatchSize: 4, onError: (e) => errors.push(e) });
    runner.start();
    await until(() => errors.length > 0);
    await runner.stop();
    // Pages 1–4 and 5–8 committed with their checkpoint; 9–12, with the failing 11th, rolled back whole.
    expect(counting.counts().size).toBe(8);
    expect((await runner.status()).eventsApplied).toBe(8);
    db.close();

    const reopened = new ReadModelDb(file);
    const again = new CountingProjection(reopened);
    const restarted = runnerOf(store, reopened, [again], { catchUpBatchSize: 4 });
    restarted.start();
    await until(async () => (await restarted.status()).caughtUp);
    expect(again.counts().size).toBe(15);
    expect([...again.counts().values()].every((n) => n === 1)).toBe(true);
    expect((await restarted.status()).eventsApplied).toBe(15);
    await restarted.stop();
    reopened.close();
  });

  it('hands projections the same events caught up from stored text as followed live', async () => {
    const live = new SeeingProjection('live');
    const following = runnerOf(store, new ReadModelDb(':memory:'), [live]);
    following.start();
    await until(async () => (await following.status()).caughtUp);
    await append(4);
    await append(2, 'LookupMissed');
    await until(() => live.seen.length === 6);
    const caughtUp = new SeeingProjection('caught-up');
    runnerOf(store, new ReadModelDb(':memory:'), [caughtUp], { catchUpBatchSize: 4 }).start();
    await until(() => caughtUp.seen.length === 6);
    expect(caughtUp.events).toEqual(live.events);
    // Written as JSON, an event is the plain event, from either road.
    expect(JSON.parse(JSON.stringify(caughtUp.handed[0]))).toEqual(JSON.parse(JSON.stringify(caughtUp.events[0])));
    expect(JSON.parse(JSON.stringify(live.handed[0]))).toEqual(JSON.parse(JSON.stringify(live.events[0])));
    expect(live.events.map((e) => e.data)).toEqual([1, 2, 3, 4, 5, 6].map((i) => ({ n: seq - 6 + i })));
  });

  it('checks an event stored in another key order (as older ledgers wrote it) the canonical way, and applies it', async () => {
    const stream = 'thing-reordered';
    const [event] = chained(stream, 0, GENESIS_HASH, 'CommandReceived');
    await store.append(stream, [event], 'no-stream');
    await append(1);
    const raw = new Database(join(dir, 'events.sqlite'));
    const reversed = Object.fromEntries(Object.entries(event.metadata).reverse());
    raw.prepare('UPDATE events SET metadata = ? WHERE stream = ?').run(JSON.stringify(reversed), stream);
    raw.close();
    const seeing = new SeeingProjection('a');
    const errors: unknown[] = [];
    const runner = runnerOf(store, new ReadModelDb(':memory:'), [seeing], { onError: (e) => errors.push(e) });
    runner.start();
    await until(async () => (await runner.status()).caughtUp);
    expect(errors).toEqual([]);
    expect(seeing.events[0]).toMatchObject({ stream, hash: event.metadata.hash, metadata: reversed });
    expect(seeing.events).toHaveLength(2);
  });

  it('says when its checkpoint lies beyond the end of the log, and is then not caught up', async () => {
    await append(10);
    const file = join(dir, 'survivor.sqlite');
    await buildReadModels(file);
    // The event store is restored from an older backup (here: wiped); the read models survive.
    await store.close();
    rmSync(join(dir, 'events.sqlite'), { force: true });
    for (const suffix of ['-wal', '-shm']) rmSync(join(dir, `events.sqlite${suffix}`), { force: true });
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    await append(3);
    const survivor = new ReadModelDb(file);
    const status = await runnerOf(store, survivor, [new CountingProjection(survivor)]).status();
    expect(status).toMatchObject({ aheadOfLog: true, caughtUp: false });
    survivor.close();
  });

  it('builds the indexes only queries read once at the end of a rebuild from zero, and keeps them after', async () => {
    await append(250);
    const db = new ReadModelDb(':memory:');
    const indexed = (): boolean =>
      db.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'applied_by_type'").get() !==
      undefined;
    const seen: boolean[] = [];
    class IndexedProjection extends CountingProjection {
      readonly queryIndexes = [
        { name: 'applied_by_type', sql: 'CREATE INDEX IF NOT EXISTS applied_by_type ON applied (type)' },
      ];
      override setUp(): void {
        super.setUp();
        for (const index of this.queryIndexes) db.db.exec(index.sql);
      }
      override apply(event: LedgerEvent): void {
        seen.push(indexed());
        super.apply(event);
      }
    }
    const projection = new IndexedProjection(db);
    projection.failOn = 'LookupMissed';
    const errors: unknown[] = [];
    const runner = runnerOf(store, db, [projection], { catchUpBatchSize: 100, onError: (e) => errors.push(e) });
    expect(indexed()).toBe(true);
    await append(1, 'LookupMissed');
    runner.start();
    // A rebuild stopped part-way by a failure leaves the rows it committed indexed.
    await until(() => errors.length > 0);
    expect(indexed()).toBe(true);
    expect(seen.slice(0, 250).every((made) => !made)).toBe(true);

    projection.failOn = undefined;
    await until(async () => (await runner.status()).caughtUp, 10_000);
    expect(indexed()).toBe(true);
    // Past its first pages the catch-up resumed from a checkpoint, keeping the index row by row.
    expect(seen.at(-1)).toBe(true);
    const live = seen.length;
    await append(3);
    await until(() => seen.length === live + 3);
    expect(seen.slice(live)).toEqual([true, true, true]);
    expect([...projection.counts().values()].every((n) => n === 1)).toBe(true);
    expect(projection.counts().size).toBe(254);
    await runner.stop();
  });
});

/** Keeps what it was handed, to show what a projection sees. */
class SeeingProjection implements Projection {
  readonly version = 1;
  readonly seen: { type: string; data: unknown; schemaVersion: number; metadataVersion: unknown }[] = [];
  /** Everything a projection may read of each event, as plain values. */
  readonly events: Record<string, unknown>[] = [];
  /** The events as handed over. */
  readonly handed: LedgerEvent[] = [];

  constructor(readonly name: string) {}

  setUp(): void {}
  tearDown(): void {}

  apply(event: LedgerEvent): void {
    const { id, stream, revision, position, type, data, metadata, meta, hash, occurredAt, recordedAt } = event;
    this.events.push({ id, stream, revision, position, type, data, metadata, meta, hash, occurredAt, recordedAt });
    this.handed.push(event);
    this.seen.push({
      type: event.type,
      data: event.data,
      schemaVersion: event.meta.schemaVersion,
      metadataVersion: event.metadata.schemaVersion,
    });
  }
}

describe('upcasting', () => {
  // A made-up schema v2 of LoanContractSigned: v1 (as stored) called the loan `loan`, v2 calls it `loanId`.
  const v2 = LEDGER_SCHEMAS.with('LoanContractSigned', 2, {
    1: ({ loan, ...rest }) => ({ ...rest, loanId: loan }),
  });

  /** A loan signed for `subjectId`, stored at `schemaVersion` in the v1 shape. */
  async function signedAt(subjectId: string, schemaVersion: number) {
    const stream = subjectStream(subjectId);
    const at = new Date().toISOString();
    const [event] = toAppend([{ type: 'LoanContractSigned', data: { loan: 'L1' } }], {
      commandId: `cmd-${subjectId}`,
      correlationId: 'c',
      actor: { kind: 'system', id: 'test' },
      occurredAt: at,
      recordedAt: at,
    });
    const stored = { ...event, metadata: { ...event.metadata, schemaVersion } };
    await store.append(stream, chainEvents(stream, 0, GENESIS_HASH, [stored]), 'no-stream');
  }

  it('hands every projection an event of an older schema once upcast to the current one', async () => {
    await signedAt('s1', 1);
    const projections = [new SeeingProjection('a'), new SeeingProjection('b')];
    const runner = runnerOf(store, new ReadModelDb(':memory:'), projections, { schemas: v2 });
    runner.start();
    await until(async () => (await runner.status()).caughtUp);
    for (const projection of projections) {
      expect(projection.seen).toEqual([
        { type: 'LoanContractSigned', data: { loanId: 'L1' }, schemaVersion: 2, metadataVersion: 2 },
      ]);
    }
  });

  it("feeds the ledger's own read models the upcast event", async () => {
    await signedAt('s2', 1);
    const side = new ReadSide(store, ':memory:', { schemas: v2 });
    try {
      side.runner.start();
      await until(async () => (await side.runner.status()).caughtUp);
      expect(side.subjects.state('s2')?.state.loans.map((loan) => loan.loanId)).toEqual(['L1']);
    } finally {
      await side.close();
    }
  });

  it('refuses an event of a schema newer than it knows, and applies nothing', async () => {
    await signedAt('s3', 3);
    const seeing = new SeeingProjection('a');
    const errors: unknown[] = [];
    runnerOf(store, new ReadModelDb(':memory:'), [seeing], { schemas: v2, onError: (e) => errors.push(e) }).start();
    await until(() => errors.length > 0);
    expect(String(errors[0])).toMatch(/LoanContractSigned schema 3 is newer than this ledger understands \(2\)/);
    expect(seeing.seen).toEqual([]);
  });
});
