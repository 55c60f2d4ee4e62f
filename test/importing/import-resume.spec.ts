import { Readable } from 'node:stream';
import { EventStore, StoredEvent, StoreUnavailableError, StreamAppend } from '@ledger/event-store';
import { idOf } from '@ledger/ledger-log';
import { DataKey, isSealed, KeyStore, unseal } from '@ledger/personal-data';
import { generateImport, GeneratedImport, iinNumber } from '../../scripts/bench/generated-import';
import { Importer, ImportReport } from '../../apps/ledger/src/importing/importer';
import { KEY_STORE } from '../../apps/ledger/src/ledger/tokens';
import { Ledger, removeDir, startLedger } from '../support/ledger-harness';

/** A file imported by compliance-admin under one import id, every run the same. */
const importer =
  (file: GeneratedImport, importId: string) =>
  (l: Ledger): Promise<ImportReport> =>
    l.app.get(Importer).run({
      input: Readable.from([file.text]),
      format: 'ndjson',
      importId,
      actor: { kind: 'user', id: 'admin-aigerim', role: 'compliance-admin' },
    });

/**
 * A generated file imported under one id, on a ledger the case starts and restarts on one folder;
 * closed and removed after the case.
 */
function importCase(rows: number, salt: number, importId: string, env: Record<string, string>) {
  const file = generateImport(rows, '2024-01-01T00:00:00.000Z', salt);
  const held: { ledger?: Ledger; dir?: string } = {};
  afterAll(async () => {
    await held.ledger?.close();
    if (held.dir) removeDir(held.dir);
  });
  return {
    file,
    good: file.rows - file.invalid.size - file.refused.size,
    run: importer(file, importId),
    /** The ledger on the case's folder: a new one the first time, the same folder after. */
    async start(): Promise<Ledger> {
      held.ledger = await startLedger(undefined, { ...(held.dir ? { dir: held.dir } : {}), env });
      held.dir = held.ledger.dir;
      return held.ledger;
    },
  };
}

/**
 * An import that stops in the middle of a chunk — its store fails after some of the chunk's group
 * commits, with new people already linked and keyed but their events not written — is run again on
 * a restarted ledger: every good row ends up written exactly once (the rows written before the
 * failure are found again, the rest are written now), and a third run writes nothing.
 */
/** Chunks of 200 rows: the file spans two, as a file of thousands spans chunks of 1,000. */
const ENV = { LEDGER_WEBHOOKS: 'off', LEDGER_IMPORT_CHUNK_ROWS: '200' };

describe('an import resumed after a failure mid-chunk', () => {
  const { file, good, run, start } = importCase(300, 3, 'resume_test', ENV);

  const expectExactProblems = (report: ImportReport) => {
    expect(report.invalid.map((r) => [r.line, r.code])).toEqual([...file.invalid.entries()]);
    expect(report.refused.map((r) => [r.line, r.code])).toEqual([...file.refused.entries()]);
  };

  it('writes each row once', async () => {
    let ledger = await start();
    // The store stops taking writes after 180 series, part-way through the second of two chunks in flight.
    const store = ledger.store as EventStore & { appendAll: NonNullable<EventStore['appendAll']> };
    const appendAll = store.appendAll.bind(store);
    let series = 0;
    store.appendAll = (parts: readonly StreamAppend[]) =>
      ++series > 180 ? Promise.reject(new StoreUnavailableError('io', 'the disk went away')) : appendAll(parts);
    await expect(run(ledger)).rejects.toThrow('the disk went away');
    const before = await eventsByLine(ledger.store);
    expect(before.size).toBeGreaterThan(0);
    expect(before.size).toBeLessThan(good);
    await ledger.close();

    ledger = await start();
    const resumed = await run(ledger);
    expectExactProblems(resumed);
    expect(resumed.accepted + resumed.alreadyImported).toBe(good);
    // What was written before the failure is found, not written again.
    expect(resumed.alreadyImported).toBe(before.size);

    const after = await eventsByLine(ledger.store);
    expect(after.size).toBe(good);
    for (const [line, events] of after) {
      // One claim of the row's key, and one command's events in one stream: the row was written once.
      const claims = events.filter((e) => e.type === 'CommandReceived');
      const facts = events.filter((e) => e.type !== 'CommandReceived');
      expect(claims).toHaveLength(1);
      expect(facts.length).toBeGreaterThan(0);
      expect(new Set(events.map((e) => e.metadata.commandId)).size).toBe(1);
      expect(new Set(facts.map((e) => e.stream)).size).toBe(1);
      expect(facts.map((e) => e.revision)).toEqual(facts.map((_, i) => facts[0].revision + i));
      if (before.has(line)) expect(events.map((e) => e.id)).toEqual(before.get(line)!.map((e) => e.id));
    }
    // A person first seen before the failure has one stream with their whole history.
    const resolved = await ledger.request('POST', '/v1/subjects/resolve', { iin: iinNumber(0, 3) }, {}, ['auditor']);
    const history = await ledger.store.readStream(`subject-${resolved.body.subjectId}`);
    expect(history.map((e) => e.type)).toEqual(['ConsentGranted', 'PolicyVersionAccepted', 'ConsentWithdrawn']);

    const head = await ledger.store.headPosition();
    const again = await run(ledger);
    expectExactProblems(again);
    expect(again).toMatchObject({ accepted: 0, alreadyImported: good });
    expect(await ledger.store.headPosition()).toBe(head);
  });
});

/** Chunks of 100 rows: the key store's second commit of new keys and links falls inside the file. */
const KEYS_ENV = { LEDGER_WEBHOOKS: 'off', LEDGER_IMPORT_CHUNK_ROWS: '100' };

/**
 * A new person's data key is on disk before any event sealed with it is: an import whose key store
 * fails part-way (its second commit of new keys and links never lands, as in a crash between the
 * key write and the event write) leaves no written event whose key is missing — every sealed field
 * of the log opens with its owner's stored key — and run again it writes the rest, all of it
 * readable.
 */
describe("an import whose key store fails between a chunk's keys and its events", () => {
  const { good, run, start } = importCase(400, 5, 'keys_test', KEYS_ENV);

  it('writes no event whose key is not on disk, and run again writes the rest', async () => {
    let ledger = await start();
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

    ledger = await start();
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

/** Every imported event of the log, by the line of the file it came from. */
async function eventsByLine(store: EventStore): Promise<Map<number, StoredEvent[]>> {
  const lines = new Map<number, StoredEvent[]>();
  let after: StoredEvent['position'] | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) return lines;
    for (const event of page) {
      const imported = event.metadata.imported as { line: number } | undefined;
      if (imported) lines.set(imported.line, [...(lines.get(imported.line) ?? []), event]);
    }
    after = page[page.length - 1].position;
  }
}
