import { Readable } from 'node:stream';
import { EventStore, StoredEvent } from '@ledger/event-store';
import { idOf } from '@ledger/ledger-log';
import { DataKey, isSealed, KeyStore, unseal } from '@ledger/personal-data';
import { generateImport } from '../../scripts/bench/generated-import';
import { Importer, ImportReport } from '../../apps/ledger/src/importing/importer';
import { KEY_STORE } from '../../apps/ledger/src/ledger/tokens';
import { Ledger, removeDir, startLedger } from '../support/ledger-harness';

/**
 * A new person's data key is on disk before any event sealed with it is: an import whose key store
 * fails part-way (its second commit of new keys and links never lands, as in a crash between the
 * key write and the event write) leaves no written event whose key is missing — every sealed field
 * of the log opens with its owner's stored key — and run again it writes the rest, all of it
 * readable.
 */
const ENV = { LEDGER_WEBHOOKS: 'off', LEDGER_IMPORT_CHUNK_ROWS: '100' };

describe("an import whose key store fails between a chunk's keys and its events", () => {
  const file = generateImport(400, '2024-01-01T00:00:00.000Z', 5);
  const good = file.rows - file.invalid.size - file.refused.size;
  let ledger: Ledger;
  let dir: string;

  afterAll(async () => {
    await ledger?.close();
    removeDir(dir);
  });

  const run = (l: Ledger): Promise<ImportReport> =>
    l.app.get(Importer).run({
      input: Readable.from([file.text]),
      format: 'ndjson',
      importId: 'keys_test',
      actor: { kind: 'user', id: 'admin-aigerim', role: 'compliance-admin' },
    });

  it('writes no event whose key is not on disk, and run again writes the rest', async () => {
    ledger = await startLedger(undefined, { env: ENV });
    dir = ledger.dir;
    const keys = ledger.app.get<KeyStore>(KEY_STORE);
    // The store's group commits of new keys and links: the first lands, the next ones fail as a disk would.
    const committer = (keys as unknown as { committer: { commit: (rows: unknown) => Promise<unknown> } }).committer;
    const commit = committer.commit.bind(committer);
    let commits = 0;
    committer.commit = (rows) =>
      ++commits > 1
        ? Promise.reject(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' }))
        : commit(rows);
    await expect(run(ledger)).rejects.toThrow('disk I/O error');
    const before = await sealedFieldsOpen(ledger.store, keys);
    expect(before.people).toBeGreaterThan(0);
    expect(before.people).toBeLessThan(good);
    await ledger.close();

    ledger = await startLedger(undefined, { dir, env: ENV });
    const resumed = await run(ledger);
    expect(resumed.accepted + resumed.alreadyImported).toBe(good);
    const after = await sealedFieldsOpen(ledger.store, ledger.app.get<KeyStore>(KEY_STORE));
    expect(after.people).toBeGreaterThan(before.people);
  });
});

/**
 * Opens every sealed value in every person's stream with that person's stored key (failing the test
 * if a key is missing or does not open it); answers how many people have sealed values.
 */
async function sealedFieldsOpen(store: EventStore, keys: KeyStore): Promise<{ people: number }> {
  const people = new Set<string>();
  let after: StoredEvent['position'] | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) return { people: people.size };
    for (const event of page) {
      after = event.position;
      if (!event.stream.startsWith('subject-')) continue;
      const sealed = sealedIn(event.data);
      if (sealed.length === 0) continue;
      const key = await keys.find(idOf(event.stream));
      expect({ stream: event.stream, key: key === undefined ? 'missing' : 'found' }).toEqual({
        stream: event.stream,
        key: 'found',
      });
      for (const value of sealed) expect(() => unseal(value, key as DataKey, event.stream)).not.toThrow();
      people.add(event.stream);
    }
  }
}

function sealedIn(value: unknown): Parameters<typeof unseal>[0][] {
  if (isSealed(value)) return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(sealedIn);
}
