import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { chainEvents, GENESIS_HASH, policyStream, toAppend } from '@ledger/ledger-log';
import { ReadSide } from './read-side';

let dir: string;
let store: SqliteEventStore;
let side: ReadSide;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-read-side-'));
  store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
  side = new ReadSide(store, join(dir, 'read-models.sqlite'));
});
afterEach(async () => {
  await side.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const texts = { kk: { sha256: 'c'.repeat(64), url: 'https://example.kz/privacy/kk' } };
let previous = GENESIS_HASH;

async function publish(version: string, revision: number) {
  const at = '2025-03-01T00:00:00.000Z';
  const events = toAppend(
    [
      {
        type: 'PolicyVersionPublished',
        data: { policyId: 'privacy', version, effectiveFrom: at, texts, materialChange: true },
      },
    ],
    { commandId: `publish-${version}`, correlationId: 'c', actor: { kind: 'system', id: 't' }, occurredAt: at, recordedAt: at },
  );
  const chained = chainEvents(policyStream('privacy'), revision, previous, events);
  previous = (chained[0].metadata as { hash: string }).hash;
  const result = await store.append(policyStream('privacy'), chained, revision === 0 ? 'no-stream' : revision - 1);
  expect(await side.runner.waitFor(result.position, 5000)).toBe(true);
}

const versions = () => (side.policies.book().privacy?.versions ?? []).map((v) => v.version);

describe('ReadSide policy book', () => {
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

describe('ReadSide batches', () => {
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
