import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { ReadModelDb, ReadSide } from '@ledger/projections';
import { loadConfig } from '../../apps/ledger/src/config/ledger-config';
import { fillLedgerLikeHistory } from '../../scripts/bench/ledger-like-history';
import { exited } from '../support/service-process';

const root = join(__dirname, '..', '..');
const child = join(root, 'dist/scripts/support/rebuild-child.js');

/**
 * A rebuild from zero killed inside a page's transaction (the process gone, as in a crash) leaves
 * the read models at the last committed page, checkpoint and rows together; the next start goes on
 * from there and ends with exactly the read models of a rebuild that was never interrupted.
 */
describe('a rebuild killed in the middle of a page', () => {
  let dir: string;
  let store: SqliteEventStore;
  let events: number;

  beforeAll(async () => {
    if (!existsSync(child))
      throw new Error(`${child} is missing: run "npx tsc -p tsconfig.json" first (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), 'ledger-rebuild-crash-'));
    const config = loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: dir });
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    ({ events } = await fillLedgerLikeHistory(store, 2400, config.signingKey, {
      pseudonymKey: config.pseudonymKey,
      checkpointEvery: 500,
    }));
  }, 60_000);

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function rebuiltTo(file: string, options: { page?: number } = {}): Promise<ReadSide> {
    const side = new ReadSide(store, file, options.page ? { catchUpBatchSize: options.page } : {});
    side.runner.start();
    for (;;) {
      const status = await side.runner.status();
      if (status.lastError) throw new Error(status.lastError);
      if (status.caughtUp) return side;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('resumes from the last whole page and ends with the read models of an unbroken rebuild', async () => {
    const file = join(dir, 'crashed.sqlite');
    // Pages of 500: 1–500, 501–1000 and 1001–1500 commit; the process dies holding 1501–1700 uncommitted.
    const rebuilding = spawn(
      process.execPath,
      ['-r', 'tsconfig-paths/register', child, join(dir, 'events.sqlite'), file],
      {
        cwd: root,
        env: { ...process.env, TS_NODE_BASEURL: join(root, 'dist'), PAGE: '500', HANG_AT: '1700' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    await new Promise<void>((resolve, reject) => {
      rebuilding.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('hanging')) resolve();
      });
      rebuilding.on('exit', () => reject(new Error(`the rebuild ended before its crash: ${output}`)));
    });
    rebuilding.kill('SIGKILL');
    await exited(rebuilding);

    const left = new ReadModelDb(file);
    expect(left.checkpoint('read-models')?.eventsApplied).toBe(1500);
    left.close();

    const resumed = await rebuiltTo(file);
    const unbroken = await rebuiltTo(join(dir, 'unbroken.sqlite'), { page: 700 });
    try {
      expect((await resumed.runner.status()).eventsApplied).toBe(events);
      const tables = (side: ReadSide) =>
        side.db.db
          .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
          .all()
          .map((t) => t.name);
      const rows = (side: ReadSide, table: string) =>
        side.db.db
          .prepare(`SELECT * FROM "${table}"`)
          .raw()
          .all()
          .map((row) => JSON.stringify(row))
          .sort();
      expect(tables(resumed)).toEqual(tables(unbroken));
      for (const table of tables(unbroken)) {
        expect({ table, rows: rows(resumed, table) }).toEqual({ table, rows: rows(unbroken, table) });
      }
      expect(rows(unbroken, 'subject_state').length).toBeGreaterThan(200);
    } finally {
      await resumed.close();
      await unbroken.close();
    }
  }, 60_000);
});
