import { Readable } from 'node:stream';
import { EventStore } from '@ledger/event-store';
import { Digests } from '@ledger/ledger-log';
import { generateImport, iinNumber } from '../../scripts/bench/generated-import';
import { Importer, ImportReport } from '../../apps/ledger/src/importing/importer';
import { Ledger, removeDir, startLedger } from '../support/ledger-harness';
import { grantRequest } from '../support/requests';

/**
 * A chunk's rows look for their keys among the claims in one read of the store, not a read per row
 * of each person new to the ledger. It changes nothing an import answers: run again after one of
 * its people was erased (their link gone with their key), that person's rows are still found
 * through their claims, as already imported, and the person is not written afresh.
 */
const NOW = '2026-11-25T10:00:00.000Z';
const hmacOf = Digests.prototype.of;

describe("an import's claims, looked for per chunk", () => {
  const file = generateImport(300, '2024-01-01T00:00:00.000Z', 9);
  const good = file.rows - file.invalid.size - file.refused.size;
  let ledger: Ledger;

  beforeAll(async () => {
    ledger = await startLedger(undefined, { env: { LEDGER_WEBHOOKS: 'off' } });
    ledger.clock.set(NOW);
  });
  afterAll(async () => {
    await ledger.close();
    removeDir(ledger.dir);
  });

  const run = (): Promise<ImportReport> =>
    ledger.app.get(Importer).run({
      input: Readable.from([file.text]),
      format: 'ndjson',
      importId: 'claims_per_chunk',
      actor: { kind: 'user', id: 'admin-aigerim', role: 'compliance-admin' },
    });

  /** The store's reads during `during`: claim streams read one by one, and reads of many streams at once. */
  async function readsDuring<T>(
    during: () => Promise<T>,
  ): Promise<{ result: T; claimReads: number; manyAtOnce: number }> {
    const store = ledger.store as EventStore & { streamsWithEvents: NonNullable<EventStore['streamsWithEvents']> };
    const readStream = store.readStream.bind(store);
    const streamsWithEvents = store.streamsWithEvents.bind(store);
    let claimReads = 0;
    let manyAtOnce = 0;
    store.readStream = (stream, options) => {
      if (stream.startsWith('command-')) claimReads += 1;
      return readStream(stream, options);
    };
    store.streamsWithEvents = (streams) => {
      manyAtOnce += 1;
      return streamsWithEvents(streams);
    };
    try {
      return { result: await during(), claimReads, manyAtOnce };
    } finally {
      store.readStream = readStream;
      store.streamsWithEvents = streamsWithEvents;
    }
  }

  it('reads the claims of a chunk once, and finds the rows of a person erased since', async () => {
    const first = await readsDuring(run);
    expect(first.result).toMatchObject({ accepted: good, alreadyImported: 0 });
    // Every person was new, every row unclaimed: one read for the chunk, none per row.
    expect(first.manyAtOnce).toBe(1);
    expect(first.claimReads).toBe(0);

    const erasedIin = iinNumber(0, 9);
    const erased = await ledger.command('/v1/erasures', 'erase-import-person', {
      iin: erasedIin,
      reason: 'court-decision',
      legalReference: 'Медеуский районный суд г. Алматы, дело 2-5511/2026',
      occurredAt: NOW,
    });
    expect(erased.status).toBe(201);

    const second = await readsDuring(run);
    expect(second.result).toMatchObject({ accepted: 0, alreadyImported: good });
    expect(second.result.invalid.map((r) => [r.line, r.code])).toEqual([...file.invalid.entries()]);
    expect(second.result.refused.map((r) => [r.line, r.code])).toEqual([...file.refused.entries()]);
    // Only the erased person's rows, found claimed, read their claims.
    expect(second.claimReads).toBeGreaterThan(0);
    expect(second.claimReads).toBeLessThan(10);
    const resolved = await ledger.request('POST', '/v1/subjects/resolve', { iin: erasedIin }, {}, ['auditor']);
    expect(resolved.body.subjectId).toBeUndefined();
  });

  it('rehearses the same in a dry run: rows of a person erased since, or come back, are already imported', async () => {
    const dryRun = () =>
      ledger.app.get(Importer).run({
        input: Readable.from([file.text]),
        format: 'ndjson',
        importId: 'claims_per_chunk_dry',
        actor: { kind: 'user', id: 'admin-aigerim', role: 'compliance-admin' },
        dryRun: true,
      });
    const counts = (report: ImportReport) => ({ accepted: report.accepted, alreadyImported: report.alreadyImported });
    // The first test erased one of the file's people and ran the file again: nothing was written.
    expect(counts(await dryRun())).toEqual({ accepted: 0, alreadyImported: good });

    const back = await ledger.command(
      '/v1/consents',
      'back-after-erasure',
      grantRequest({
        iin: iinNumber(0, 9),
        purposes: ['advertising'],
        dataCategories: ['full-name'],
        recipients: ['advertising-partners'],
        policyShown: { policyId: 'privacy', version: 'hist.1' },
        language: 'ru',
        occurredAt: NOW,
      }),
    );
    expect(back.status).toBe(201);
    expect(counts(await dryRun())).toEqual({ accepted: 0, alreadyImported: good });
    expect(counts(await run())).toEqual({ accepted: 0, alreadyImported: good });
  });

  it("digests each row's key once: the command road and the subject ledger share one memory of them", async () => {
    const fresh = generateImport(300, '2024-01-01T00:00:00.000Z', 10);
    const digested = new Map<string, number>();
    const of = jest.spyOn(Digests.prototype, 'of').mockImplementation(function (this: Digests, purpose, value) {
      if (purpose === 'command') digested.set(value, (digested.get(value) ?? 0) + 1);
      return hmacOf.call(this, purpose, value);
    });
    try {
      const report = await ledger.app.get(Importer).run({
        input: Readable.from([fresh.text]),
        format: 'ndjson',
        importId: 'keys_digested_once',
        actor: { kind: 'user', id: 'admin-aigerim', role: 'compliance-admin' },
      });
      expect(report.accepted).toBeGreaterThan(250);
    } finally {
      of.mockRestore();
    }
    const rowKeys = [...digested.keys()].filter((k) => k.startsWith('import:s10-'));
    expect(rowKeys.length).toBeGreaterThan(250);
    expect(rowKeys.filter((k) => digested.get(k) !== 1)).toEqual([]);
  });

  it("digests each person's IIN once in a chunk: for the chunk's look-ahead and for their series alike", async () => {
    const fresh = generateImport(300, '2024-01-01T00:00:00.000Z', 11);
    const digested = new Map<string, number>();
    const of = jest.spyOn(Digests.prototype, 'of').mockImplementation(function (this: Digests, purpose, value) {
      if (purpose === 'iin') digested.set(value, (digested.get(value) ?? 0) + 1);
      return hmacOf.call(this, purpose, value);
    });
    try {
      const report = await ledger.app.get(Importer).run({
        input: Readable.from([fresh.text]),
        format: 'ndjson',
        importId: 'iins_digested_once',
        actor: { kind: 'user', id: 'admin-aigerim', role: 'compliance-admin' },
      });
      expect(report.accepted).toBeGreaterThan(250);
    } finally {
      of.mockRestore();
    }
    // (300 rows are one chunk: each person's rows are one series.)
    expect(digested.size).toBeGreaterThan(150);
    expect([...digested.values()].filter((n) => n !== 1)).toEqual([]);
  });
});
