import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createLedgerApp } from '../../apps/ledger/src/bootstrap';
import { loadConfig } from '../../apps/ledger/src/config/ledger-config';
import { Importer } from '../../apps/ledger/src/importing/importer';
import { createLogger } from '../../apps/ledger/src/observability/logger';
import { generateImport } from './generated-import';

/**
 * Import throughput on the embedded store: generates ROWS rows (1 % bad), imports them into a fresh
 * data folder through the Importer (the CLI's and the API's path), then imports them again.
 *   npm run bench:import -- [rows]        (default 100000)
 */
async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-import-'));
  const file = generateImport(rows, '2024-01-01T00:00:00.000Z');
  writeFileSync(join(dir, 'rows.ndjson'), file.text);
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LEDGER_DATA_DIR: dir, LEDGER_WEBHOOKS: 'off' });
  const app = await createLedgerApp(
    { ...config, projections: false },
    {},
    { logger: createLogger({ level: 'error' }) },
  );
  await app.init();
  const importer = app.get(Importer);
  const run = async (label: string, dryRun = false) => {
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const main = mainThreadCpu();
    const report = await importer.run({
      input: Readable.from([file.text]),
      format: 'ndjson',
      importId: 'bench0000000000000000000000000000',
      actor: { kind: 'user', id: 'bench', role: 'compliance-admin' },
      dryRun,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // CPU of the whole process (every thread: the writer's too), a steadier figure than wall time
    // on a machine shared with others.
    const used = process.cpuUsage(cpu);
    const cpuPerRow = Math.round((used.user + used.system) / report.rows);
    const mainPerRow = main === undefined ? '?' : Math.round((mainThreadCpu()! - main) / report.rows);
    console.log(
      `${label}: ${report.rows} rows in ${seconds.toFixed(1)} s = ${Math.round(report.rows / seconds)} rows/s, ` +
        `${cpuPerRow} µs CPU/row (main thread ${mainPerRow}) ` +
        `(accepted ${report.accepted}, already ${report.alreadyImported}, refused ${report.refusedCount}, invalid ${report.invalidCount}; expected bad ${file.invalid.size + file.refused.size})`,
    );
  };
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}`);
  await run('dry run      ', true);
  await run('first import ');
  await run('second import');
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The main thread's own CPU in µs (Linux: its user + system clock ticks), apart from the store's
 * writer and the row-checking thread — the thread the import's rate is bound by.
 */
function mainThreadCpu(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, counted from the state (field 3).
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
  } catch {
    return undefined;
  }
}

void main();
