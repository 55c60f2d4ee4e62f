import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { CatalogueIndex, LENDER_CATALOGUE } from '@ledger/consent-domain';
import { SqliteEventStore } from '@ledger/event-store';
import { ReadSide } from '@ledger/projections';
import { readExport } from '../../apps/audit/src/export-reader';
import { loadConfig } from '../../apps/ledger/src/config/ledger-config';
import { exportLines } from '../../apps/ledger/src/exporting/ledger-export';
import { SystemClock } from '../../apps/ledger/src/ledger/clock';
import { IntegrityMonitor } from '../../apps/ledger/src/ledger/integrity-monitor';
import { ReadModels } from '../../apps/ledger/src/ledger/read-models';
import { CheckConsentHandler, CheckConsentQuery, CheckQueryDto } from '../../apps/ledger/src/subjects/consent-check';
import { BENCH_CHECK, benchSubjectId, fillLedgerLikeHistory } from '../../scripts/bench/ledger-like-history';

/**
 * The benchmark's generated history must be one the ledger itself would accept: its read models
 * rebuild from it (every hash and chain checked), its people's checks are answered from them, and
 * its export verifies under the pinned key with every checkpoint recomputed.
 */
describe('the benchmark’s ledger-like history', () => {
  let dir: string;
  let store: SqliteEventStore;
  let side: ReadSide;
  let live: ReadSide;
  let filled: { events: number; people: number };
  const config = () => loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: dir });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-like-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    // Fed as the log is written (the subscription's events, one batch at a time)…
    live = new ReadSide(store, join(dir, 'live-read-models.sqlite'));
    live.runner.start();
    filled = await fillLedgerLikeHistory(store, 2000, config().signingKey, {
      pseudonymKey: config().pseudonymKey,
      checkpointEvery: 400,
    });
    await caughtUp(live);
    // …and rebuilt from zero afterwards (pages of stored text), as the benchmark measures it.
    side = new ReadSide(store, join(dir, 'read-models.sqlite'));
    side.runner.start();
    await caughtUp(side);
  });

  async function caughtUp(readSide: ReadSide): Promise<void> {
    for (;;) {
      const status = await readSide.runner.status();
      if (status.caughtUp || status.lastError) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  afterAll(async () => {
    await live.close();
    await side.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rebuilds into read models, every event applied', async () => {
    const status = await side.runner.status();
    expect(status.lastError).toBeUndefined();
    expect(status.eventsApplied).toBe(filled.events);
    expect(filled.people).toBeGreaterThan(150);
  });

  it('rebuilds into exactly the read models that were fed live, table by table, row by row', async () => {
    expect((await live.runner.status()).eventsApplied).toBe(filled.events);
    const tables = (db: ReadSide['db']['db']) =>
      db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    const rows = (db: ReadSide['db']['db'], table: string) =>
      db
        .prepare(`SELECT * FROM "${table}"`)
        .raw()
        .all()
        .map((row) => JSON.stringify(row))
        .sort();
    expect(tables(side.db.db)).toEqual(tables(live.db.db));
    for (const { name } of tables(live.db.db)) {
      const fed = rows(live.db.db, name);
      if (name === 'subject_state' || name === 'access_log') expect(fed.length).toBeGreaterThan(100);
      expect({ name, rows: rows(side.db.db, name) }).toEqual({ name, rows: fed });
    }
  });

  it('answers checks for its people: yes for the credit check, no for the advertising they withdrew', async () => {
    const handler = new CheckConsentHandler(
      new ReadModels(side, store, new SystemClock(), config(), new IntegrityMonitor()),
      new CatalogueIndex(LENDER_CATALOGUE),
    );
    const ask = (person: number, question: object) =>
      handler.execute(new CheckConsentQuery(benchSubjectId(person), Object.assign(new CheckQueryDto(), question)));
    for (const person of [0, filled.people - 1]) {
      const { body, known } = await ask(person, { ...BENCH_CHECK, dataCategories: [...BENCH_CHECK.dataCategories] });
      expect({ known, allowed: body.allowed }).toEqual({ known: true, allowed: true });
      const advertising = await ask(person, {
        purpose: 'advertising',
        recipient: 'advertising-partners',
        dataCategories: ['iin'],
      });
      expect({ known: advertising.known, allowed: advertising.body.allowed }).toEqual({ known: true, allowed: false });
    }
    expect((await ask(filled.people, { ...BENCH_CHECK, dataCategories: ['iin'] })).known).toBe(false);
  });

  it('exports into a file that `audit verify` accepts under the pinned key, every checkpoint recomputed', async () => {
    const key = config().signingKey;
    const file = join(dir, 'log.ndjson');
    const out = createWriteStream(file);
    for await (const chunk of exportLines(
      { store, signingKey: key, catalogueVersion: 'test', createdAt: new Date().toISOString(), policyIds: [] },
      { kind: 'log' },
    )) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const report = await readExport(file, {
      pinned: [{ fingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem }],
    });
    expect(report).toMatchObject({ events: filled.events, sealed: true, pinned: true, checkpointsSignedOnly: 0 });
    expect(report.checkpointsMatched).toBe((await store.readStream('checkpoint-log')).length);
    expect(report.checkpointsMatched).toBeGreaterThanOrEqual(4);
  });
});
