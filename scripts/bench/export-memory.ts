/**
 * Does an export stream in constant memory? Writes logs of growing size straight into a SQLite
 * store, exports each through the same code the API uses, and reports the peak heap while exporting.
 *
 *   npm run bench:export -- --sizes 20000,100000,300000
 *
 * It runs with a 48 MB heap limit: an export that held the log in memory would crash on the larger sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { chainEvents, GENESIS_HASH, generateSigningKeyPem, loadSigningKey, toAppend } from '@ledger/ledger-log';
import { exportLines } from '../../apps/ledger/src/exporting/ledger-export';

const args = process.argv.slice(2);
const sizesArg = args[args.indexOf('--sizes') + 1];
const SIZES = (args.includes('--sizes') ? sizesArg : '20000,100000,300000').split(',').map(Number);

async function main(): Promise<void> {
  const key = loadSigningKey(generateSigningKeyPem());
  const rows: string[] = [];
  for (const size of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-export-bench-'));
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    await fill(store, size);
    global.gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let bytes = 0;
    const started = Date.now();
    // The export yields a page of lines at a time: the heap is sampled after each.
    for await (const chunk of exportLines(
      { store, signingKey: key, catalogueVersion: 'bench', createdAt: new Date().toISOString(), policyIds: [] },
      { kind: 'log' },
    )) {
      bytes += chunk.length;
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    const seconds = (Date.now() - started) / 1000;
    rows.push(
      `| ${size} | ${(bytes / 1e6).toFixed(0)} MB | ${seconds.toFixed(1)} s | ${Math.round(size / seconds)} | ${((peak - baseline) / 1e6).toFixed(1)} MB |`,
    );
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    [
      '| events | export size | time | events/s | peak heap growth while exporting |',
      '| ---: | ---: | ---: | ---: | ---: |',
      ...rows,
    ].join('\n'),
  );
}

/** Events in streams of ten, as a ledger of many people looks; chained like real ones. */
async function fill(store: SqliteEventStore, size: number): Promise<void> {
  for (let written = 0; written < size; written += 10) {
    const stream = `subject-${written.toString(16).padStart(32, '0')}`;
    const events = toAppend(
      Array.from({ length: 10 }, (_, i) => ({ type: 'LoanContractSigned', data: { loanId: `L-${written + i}` } })),
      {
        commandId: `bench-${written}`,
        correlationId: `bench-${written}`,
        actor: { kind: 'system', id: 'bench' },
        occurredAt: new Date().toISOString(),
        recordedAt: new Date().toISOString(),
      },
    );
    await store.append(stream, chainEvents(stream, 0, GENESIS_HASH, events), 'no-stream');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
