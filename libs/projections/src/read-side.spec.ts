import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { chainEvents, GENESIS_HASH, policyStream, subjectStream, toAppend } from '@ledger/ledger-log';
import { ReadSide } from './read-side';
import { ProjectionThreadOptions } from './threaded-runner';

/** The read models' thread as built (`npm test` builds first): a thread cannot run the sources. */
function builtThread(eventsFile: string): ProjectionThreadOptions {
  const root = join(__dirname, '..', '..', '..');
  const script = join(root, 'dist/libs/projections/src/projection-thread.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: run "npm run build" first (npm test does)`);
  return {
    eventsFile,
    script,
    // Told of every commit, the thread never needs to look on its own within a test.
    lookAnywayMs: 600_000,
    execArgv: ['-r', 'tsconfig-paths/register'],
    env: { ...process.env, TS_NODE_BASEURL: join(root, 'dist') },
  };
}

const FEEDS = [
  ['fed on this thread', false],
  ['fed on a thread of their own', true],
] as const;

let dir: string;
let store: SqliteEventStore;
let side: ReadSide;
let threaded = false;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-read-side-'));
  const eventsFile = join(dir, 'events.sqlite');
  store = new SqliteEventStore({ file: eventsFile, pollIntervalMs: 10 });
  side = new ReadSide(store, join(dir, 'read-models.sqlite'), threaded ? { thread: builtThread(eventsFile) } : {});
});
afterEach(async () => {
  await side.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const texts = { kk: { sha256: 'c'.repeat(64), url: 'https://example.kz/privacy/kk' } };
let previous = GENESIS_HASH;

/** Appends version `version` of the privacy policy at `revision`, without waiting for the read models. */
async function published(version: string, revision: number) {
  const at = '2025-03-01T00:00:00.000Z';
  const events = toAppend(
    [
      {
        type: 'PolicyVersionPublished',
        data: { policyId: 'privacy', version, effectiveFrom: at, texts, materialChange: true },
      },
    ],
    {
      commandId: `publish-${version}`,
      correlationId: 'c',
      actor: { kind: 'system', id: 't' },
      occurredAt: at,
      recordedAt: at,
    },
  );
  const chained = chainEvents(policyStream('privacy'), revision, previous, events);
  previous = (chained[0].metadata as { hash: string }).hash;
  return store.append(policyStream('privacy'), chained, revision === 0 ? 'no-stream' : revision - 1);
}

async function publish(version: string, revision: number) {
  expect(await side.runner.waitFor((await published(version, revision)).position, 5000)).toBe(true);
}

const erasedAt = '2025-03-01T00:00:00.000Z';
let erasedHead = GENESIS_HASH;
/** Person p1's event at `revision` (an erasure: the smallest subject event), chained to the one before. */
async function erase(revision: number) {
  if (revision === 0) erasedHead = GENESIS_HASH;
  const events = toAppend([{ type: 'SubjectErased', data: { reason: 'subject-request' } }], {
    commandId: `erase-${revision}`,
    correlationId: 'c',
    actor: { kind: 'system', id: 't' },
    occurredAt: erasedAt,
    recordedAt: erasedAt,
  });
  const chained = chainEvents(subjectStream('p1'), revision, erasedHead, events);
  erasedHead = (chained[0].metadata as { hash: string }).hash;
  return store.append(subjectStream('p1'), chained, revision === 0 ? 'no-stream' : revision - 1);
}

const versions = () => (side.policies.book().privacy?.versions ?? []).map((v) => v.version);

describe.each(FEEDS)('ReadSide, %s', (_feed, onThread) => {
  beforeAll(() => {
    threaded = onThread;
  });
  afterAll(() => {
    threaded = false;
  });

  describe('policy book', () => {
    it('is read once and then answered from memory, yet shows every version as soon as it is projected', async () => {
      previous = GENESIS_HASH;
      side.runner.start();
      expect(side.policies.book()).toEqual({});
      await publish('1', 0);
      expect(versions()).toEqual(['1']);
      await publish('2', 1);
      expect(versions()).toEqual(['1', '2']);
    });

    it('forgets the book when the read models are dropped for a rebuild', async () => {
      previous = GENESIS_HASH;
      side.runner.start();
      await publish('1', 0);
      expect(versions()).toEqual(['1']);
      await side.runner.reset();
      expect(side.policies.book()).toEqual({});
    });
  });

  describe('a person’s cached state', () => {
    it('is dropped once a batch that changed it is committed: a query that waited for the write reads it', async () => {
      side.runner.start();
      expect(await side.runner.waitFor((await erase(0)).position, 5000)).toBe(true);
      // Read once: now answered from the cache…
      expect(side.subjects.state('p1')?.revision).toBe(0);
      expect(side.subjects.cache.get('p1')?.revision).toBe(0);
      // …until the person's next event is in the read models.
      expect(await side.runner.waitFor((await erase(1)).position, 5000)).toBe(true);
      expect(side.subjects.state('p1')?.revision).toBe(1);
    });
  });

  describe('settle', () => {
    it('lets a write go once the read models hold it, even one made as they start', async () => {
      previous = GENESIS_HASH;
      side.runner.start();
      const written = await published('1', 0);
      await side.runner.settle(written.position, 5000);
      expect(versions()).toEqual(['1']);
    });
  });

  describe('status', () => {
    it('reports the checkpoint it answers from, running, and no error once caught up', async () => {
      side.runner.start();
      previous = GENESIS_HASH;
      await publish('1', 0);
      const status = await side.runner.status();
      expect(status).toMatchObject({
        running: true,
        caughtUp: true,
        eventsApplied: 1,
        checkpoint: side.runner.checkpoint,
      });
      expect(status.lastError).toBeUndefined();
      await side.runner.stop();
      expect((await side.runner.status()).running).toBe(false);
    });
  });
});

describe('ReadSide batches, fed on this thread', () => {
  it('prepare no statement once the first batch has run, and fold the log hash on from the stored head', async () => {
    previous = GENESIS_HASH;
    side.runner.start();
    await publish('1', 0);
    await publish('2', 1);
    const prepare = jest.spyOn(side.db.db, 'prepare');
    try {
      await publish('3', 2);
      await publish('4', 3);
      expect(prepare).not.toHaveBeenCalled();
    } finally {
      prepare.mockRestore();
    }
    expect(side.logChain.head()).toMatchObject({ events: 4 });
  });
});

describe('ReadSide fed on a thread of its own, when the thread dies', () => {
  beforeAll(() => {
    threaded = true;
  });
  afterAll(() => {
    threaded = false;
  });

  /** The thread, as the runner holds it (a test reaches in to end it as a crash would). */
  const thread = () => (side.runner as unknown as { worker?: import('node:worker_threads').Worker }).worker;

  it('forgets the cached states a batch it committed but never told of made stale', async () => {
    side.runner.start();
    expect(await side.runner.waitFor((await erase(0)).position, 5000)).toBe(true);
    expect(side.subjects.state('p1')?.revision).toBe(0);
    // The thread commits the next batch and dies before this side hears of it.
    const dying = thread()!;
    dying.removeAllListeners('message');
    const written = await erase(1);
    while (side.db.checkpoint('read-models')?.position !== written.position) await new Promise((r) => setTimeout(r, 5));
    await dying.terminate();
    // Started again, it goes on from the checkpoint: the batch is in the read models, and so in every answer.
    expect(await side.runner.waitFor(written.position, 5000)).toBe(true);
    expect(side.subjects.state('p1')?.revision).toBe(1);
    expect((await side.runner.status()).eventsApplied).toBe(2);
  });
});
