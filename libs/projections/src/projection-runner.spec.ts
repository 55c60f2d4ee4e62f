import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, SqliteEventStore, StoredEvent } from '@ledger/event-store';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { ReadModelDb } from './read-model-db';

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

  apply(event: StoredEvent): void {
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
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-runner-'));
  store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function append(n: number, type = 'Something', recordedAt = new Date().toISOString()) {
  for (let i = 0; i < n; i++) {
    await store.append(
      `thing-${++seq}`,
      [
        {
          id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
          type,
          data: {},
          metadata: { recordedAt, occurredAt: recordedAt },
        },
      ],
      'no-stream',
    );
  }
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
    const runner = new ProjectionRunner(store, db, [counting], { batchSize: 500 });
    runner.start();
    await until(async () => (await runner.status()).caughtUp);
    await runner.stop();
    db.close();

    await append(300);
    const reopened = new ReadModelDb(join(dir, 'read.sqlite'));
    const again = new CountingProjection(reopened);
    const second = new ProjectionRunner(store, reopened, [again]);
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
    const runner = new ProjectionRunner(store, db, [counting]);
    runner.start();
    await append(3);
    await until(() => counting.counts().size === 3);
    await append(2);
    await until(() => counting.counts().size === 5);
    await runner.stop();
  });

  it('rolls a failing batch back with its checkpoint, shows the error, and never skips the event', async () => {
    await append(5);
    await append(1, 'Poison');
    await append(4);
    const db = new ReadModelDb(':memory:');
    const counting = new CountingProjection(db);
    counting.failOn = 'Poison';
    const errors: unknown[] = [];
    const runner = new ProjectionRunner(store, db, [counting], { onError: (e) => errors.push(e) });
    runner.start();
    await until(() => errors.length > 0);
    const stuck = await runner.status();
    expect(stuck.lastError).toContain('cannot apply Poison');
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
    await append(2, 'Something', recordedAt);
    const db = new ReadModelDb(':memory:');
    const runner = new ProjectionRunner(store, db, [new CountingProjection(db)], {
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
    const runner = new ProjectionRunner(store, db, [new CountingProjection(db)]);
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
    const db = new ReadModelDb(file);
    const runner = new ProjectionRunner(store, db, [new CountingProjection(db)]);
    runner.start();
    await until(async () => (await runner.status()).caughtUp);
    await runner.stop();
    db.close();

    const same = new ReadModelDb(file);
    const unchanged = new CountingProjection(same);
    new ProjectionRunner(store, same, [unchanged]);
    expect(unchanged.counts().size).toBe(7);
    same.close();

    const next = new ReadModelDb(file);
    const changed = new CountingProjection(next);
    changed.version = 2;
    const rebuilt = new ProjectionRunner(store, next, [changed]);
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
    const runner = new ProjectionRunner(store, db, [counting]);
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
});
