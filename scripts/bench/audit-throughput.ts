/**
 * How fast is an export written, and how fast does `audit verify` check it? Fills a SQLite store
 * with a ledger-like history (people's streams, idempotency claims, access-log events, signed
 * checkpoints), exports it through the code the API uses into a file, then verifies that file
 * through the code the CLI uses, with the ledger's key pinned.
 *
 *   npm run bench:audit -- --events 300000 [--quick] [--runs 3] [--keep <dir>]
 *
 * `--keep` fills the store in that folder once and reuses it (and leaves the export there).
 *
 * The export's memory is measured with a heap cap by `npm run bench:export`; here the peak heap
 * growth is reported (the verifier keeps one head per stream, by design).
 */
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { SqliteEventStore } from '@ledger/event-store';
import { generateSigningKeyPem, loadSigningKey } from '@ledger/ledger-log';
import { exportLines } from '../../apps/ledger/src/exporting/ledger-export';
import { readExport } from '../../apps/audit/src/export-reader';
import { fillLedgerLike } from './ledger-like-history';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const QUICK = args.includes('--quick');
const EVENTS = Number(option('--events', QUICK ? '50000' : '300000'));
const RUNS = Number(option('--runs', QUICK ? '1' : '3'));
const KEEP = args.includes('--keep') ? option('--keep', '') : undefined;

async function main(): Promise<void> {
  const dir = KEEP ?? mkdtempSync(join(tmpdir(), 'ledger-audit-bench-'));
  mkdirSync(dir, { recursive: true });
  const reuse = KEEP !== undefined && existsSync(join(dir, 'signing-key.pem'));
  if (!reuse) writeFileSync(join(dir, 'signing-key.pem'), generateSigningKeyPem());
  const key = loadSigningKey(readFileSync(join(dir, 'signing-key.pem'), 'utf8'));
  const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
  try {
    const filled = Date.now();
    const events = reuse ? Number(readFileSync(join(dir, 'events'), 'utf8')) : await fillLedgerLike(store, EVENTS, key);
    writeFileSync(join(dir, 'events'), String(events));
    process.stderr.write(
      `${reuse ? 'reused' : 'filled'} ${events} events in ${((Date.now() - filled) / 1000).toFixed(1)} s\n`,
    );
    const file = join(dir, 'log.ndjson');
    const exportRuns: number[] = [];
    const verifyRuns: number[] = [];
    const exportCpu: number[] = [];
    const verifyCpu: number[] = [];
    let peakExportHeap = 0;
    let peakVerifyHeap = 0;
    for (let run = 0; run < RUNS; run++) {
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      let started = process.hrtime.bigint();
      let cpu = process.cpuUsage();
      const out = createWriteStream(file);
      let lines = 0;
      for await (const line of exportLines(
        {
          store,
          signingKey: key,
          catalogueVersion: 'bench',
          createdAt: new Date().toISOString(),
          policyIds: [],
        },
        { kind: 'log' },
      )) {
        if (!out.write(line)) await once(out, 'drain');
        if (++lines % 5000 === 0)
          peakExportHeap = Math.max(peakExportHeap, process.memoryUsage().heapUsed - heapBefore);
      }
      out.end();
      await once(out, 'finish');
      exportRuns.push(seconds(started));
      exportCpu.push(cpuSeconds(cpu));

      global.gc?.();
      const verifyHeapBefore = process.memoryUsage().heapUsed;
      started = process.hrtime.bigint();
      cpu = process.cpuUsage();
      let seen = 0;
      const report = await readExport(file, {
        pinned: [{ fingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem }],
        onEvent: () => {
          if (++seen % 5000 === 0)
            peakVerifyHeap = Math.max(peakVerifyHeap, process.memoryUsage().heapUsed - verifyHeapBefore);
        },
      });
      verifyRuns.push(seconds(started));
      verifyCpu.push(cpuSeconds(cpu));
      if (report.events !== events || !report.sealed || !report.pinned || report.checkpointsMatched === 0)
        throw new Error(
          `verified ${JSON.stringify(report)}; expected ${events} events, sealed, pinned, checkpoints matched`,
        );
    }
    const size = statSync(file).size;
    const median = (runs: number[]) => [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    const row = (what: string, runs: number[], cpuRuns: number[], heap: number) =>
      `| ${what} | ${events} | ${(size / 1e6).toFixed(0)} MB | ${fmt(events / median(runs))} | ${fmt(events / Math.min(...runs))} | ` +
      `${((median(cpuRuns) / events) * 1e6).toFixed(1)} µs | ${fmt(events / median(cpuRuns))} | ${(heap / 1e6).toFixed(1)} MB |`;
    console.log(
      [
        `node ${process.version}, ${RUNS} run(s)`,
        '',
        `load average before: ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
        '',
        '| what | events | export size | events/s (median) | events/s (best) | CPU per event | events per CPU-second | peak heap growth |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        row('export (GET /v1/exports/log code path, to a file)', exportRuns, exportCpu, peakExportHeap),
        row('`audit verify`, key pinned', verifyRuns, verifyCpu, peakVerifyHeap),
      ].join('\n'),
    );
  } finally {
    await store.close();
    if (KEEP === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** User and system CPU of this process since `from` (a second core would show as more than wall time). */
function cpuSeconds(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
}

function seconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
