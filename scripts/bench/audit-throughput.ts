/**
 * How fast is an export written, and how fast does `audit verify` check it? Fills a SQLite store
 * with a ledger-like history (people's streams, idempotency claims, access-log events, signed
 * checkpoints), exports it through the code the API uses into a file, then verifies that file
 * through the code the CLI uses, with the ledger's key pinned.
 *
 *   npm run bench:audit -- --events 300000 [--quick] [--runs 3] [--keep <dir>] [--workers 0,1,2]
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
const WORKERS = args.includes('--workers') ? option('--workers', '0') : undefined;

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
    // Worker threads to measure verify with: --workers 0,1,2 (default: none, and one).
    const threadCounts = [...new Set((WORKERS ?? '0,1').split(',').map(Number))];
    const rows: Measured[] = [];
    const measure = async (what: string, run: () => Promise<void>) => {
      let row = rows.find((r) => r.what === what);
      if (!row) rows.push((row = { what, wall: [], cpu: [], heap: 0 }));
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      // Sampled on a timer: the code measured runs as it does for real, with no hook of ours in it.
      const sampler = setInterval(() => {
        row.heap = Math.max(row.heap, process.memoryUsage().heapUsed - heapBefore);
      }, 20);
      const started = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      try {
        await run();
      } finally {
        clearInterval(sampler);
      }
      row.wall.push(seconds(started));
      row.cpu.push(cpuSeconds(cpu));
    };
    const verifyWith = (threads: number) => async () => {
      process.env.LEDGER_AUDIT_WORKERS = String(threads);
      const report = await readExport(file, {
        pinned: [{ fingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem }],
      });
      if (report.events !== events || !report.sealed || !report.pinned || report.checkpointsMatched === 0)
        throw new Error(
          `verified ${JSON.stringify(report)}; expected ${events} events, sealed, pinned, checkpoints matched`,
        );
    };
    for (let run = 0; run < RUNS; run++) {
      await measure('export (GET /v1/exports/log code path, to a file)', async () => {
        const out = createWriteStream(file);
        for await (const chunk of exportLines(
          { store, signingKey: key, catalogueVersion: 'bench', createdAt: new Date().toISOString(), policyIds: [] },
          { kind: 'log' },
        )) {
          if (!out.write(chunk)) await once(out, 'drain');
        }
        out.end();
        await once(out, 'finish');
      });
      for (const threads of threadCounts) {
        const how = threads === 0 ? 'one thread' : `${threads} worker thread${threads > 1 ? 's' : ''}`;
        await measure(`\`audit verify\`, key pinned, ${how}`, verifyWith(threads));
      }
    }
    const size = statSync(file).size;
    const median = (runs: number[]) => [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    const row = ({ what, wall, cpu, heap }: Measured) =>
      `| ${what} | ${events} | ${(size / 1e6).toFixed(0)} MB | ${fmt(events / median(wall))} | ${fmt(events / Math.min(...wall))} | ` +
      `${((median(cpu) / events) * 1e6).toFixed(1)} µs | ${(heap / 1e6).toFixed(1)} MB |`;
    console.log(
      [
        `node ${process.version}, ${RUNS} run(s), load average before: ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
        '',
        '| what | events | export size | events/s (median) | events/s (best) | CPU per event (all threads) | peak heap growth (main thread) |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...rows.map(row),
      ].join('\n'),
    );
  } finally {
    await store.close();
    if (KEEP === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** User and system CPU of this process, worker threads included, since `from`. */
function cpuSeconds(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
}

interface Measured {
  readonly what: string;
  readonly wall: number[];
  readonly cpu: number[];
  heap: number;
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
