/**
 * For the crash test of a rebuild (test/e2e/rebuild-crash.spec.ts), run as its own process from dist:
 * rebuilds the read models of an event-store file into a read-model file in catch-up pages of
 * PAGE events, and — with HANG_AT=n — stops dead inside the transaction of the page holding the n-th
 * event, after applying it, so that the test can kill the process there.
 *
 *   node -r tsconfig-paths/register dist/scripts/support/rebuild-child.js <events.sqlite> <read-models.sqlite>
 */
import { SqliteEventStore } from '@ledger/event-store';
import { LedgerEvent, Projection, ReadSide } from '@ledger/projections';

const [eventsFile, readModelFile] = process.argv.slice(2);
const hangAt = Number(process.env.HANG_AT ?? 0);
const store = new SqliteEventStore({ file: eventsFile, writerThread: false });
const side = new ReadSide(store, readModelFile, { catchUpBatchSize: Number(process.env.PAGE ?? 500) });

// Wrap the first projection's apply: it runs inside the page's transaction, once per event.
const first = (side.runner as unknown as { projections: Projection[] }).projections[0];
const apply = first.apply.bind(first);
let applied = 0;
first.apply = (event: LedgerEvent) => {
  apply(event);
  if (++applied === hangAt) {
    process.stdout.write(`hanging in the transaction after event ${applied}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  }
};

side.runner.start();
const timer = setInterval(() => {
  void side.runner.status().then(async (status) => {
    if (!status.caughtUp) return;
    clearInterval(timer);
    await side.close();
    await store.close();
    process.stdout.write(`caught up: ${status.eventsApplied}\n`);
  });
}, 20);
