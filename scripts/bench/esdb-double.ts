/**
 * Appends through the EventStoreDB adapter against the in-process protocol double: the adapter's and
 * the client's own cost per append, over real gRPC on loopback, with the double's server work in the
 * same process. Not a measure of EventStoreDB itself, which does its own fsyncs and replication.
 *
 *   npx tsc -p scripts/bench/tsconfig.esdb-double.json && node dist/bench-esdb/scripts/bench/esdb-double.js
 *   ... --streams 2000 --appends 5 --concurrency 1,32 --rpc batch,append
 *
 * Each stream gets `appends` appends of one ~300-byte event, each at the exact revision it expects,
 * one after the other; `concurrency` streams are written at once. A fresh double serves each row.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { EsdbEventStore } from '../../libs/event-store/src/esdb/esdb-event-store';
import type { EventToAppend, ExpectedRevision } from '../../libs/event-store/src/event-store';
import { startEsdbDouble } from '../../test/esdb-double/esdb-double';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const STREAMS = Number(arg('--streams', '2000'));
const APPENDS = Number(arg('--appends', '5'));
const CONCURRENCY = arg('--concurrency', '1,32').split(',').map(Number);
const RPCS = arg('--rpc', 'batch,append').split(',') as ('batch' | 'append')[];

interface Row {
  rpc: string;
  concurrency: number;
  events: number;
  seconds: number;
  /** CPU time of this process (adapter, client and double together): steadier than wall time on a shared machine. */
  cpuMs: number;
  latencies: number[];
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const rpc of RPCS) {
    // A short run first, so that the first row does not pay for warming the JIT.
    await run(rpc, 8, Math.min(200, STREAMS), 2);
    for (const concurrency of CONCURRENCY) rows.push(await run(rpc, concurrency, STREAMS, APPENDS));
  }
  const read = await reads(STREAMS * APPENDS);
  console.log(
    [
      `${STREAMS} streams × ${APPENDS} appends of one event, Node ${process.version}`,
      '',
      '| RPC | in flight | events | events/s | p50 ms | p99 ms | CPU µs/event |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map((r) => {
        const sorted = [...r.latencies].sort((a, b) => a - b);
        const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(2);
        const name = r.rpc === 'batch' ? 'BatchAppend (24.10)' : 'Append (21.6)';
        const cpu = Math.round((r.cpuMs * 1000) / r.events);
        return `| ${name} | ${r.concurrency} | ${r.events} | ${Math.round(r.events / r.seconds)} | ${at(0.5)} | ${at(0.99)} | ${cpu} |`;
      }),
      '',
      `Reading the same ${read.events} events back:`,
      '',
      '| read | events/s | per call ms | CPU µs/event (per call) |',
      '| --- | ---: | ---: | ---: |',
      `| subscribeToAll from the start until caught up | ${Math.round(read.events / read.catchUpSeconds)} | | ${Math.round((read.catchUpCpuMs * 1000) / read.events)} |`,
      `| readAll in pages of 500 | ${Math.round(read.events / read.pagedSeconds)} | | ${Math.round((read.pagedCpuMs * 1000) / read.events)} |`,
      `| headPosition, ${read.heads} calls one after another | | ${read.headMs.toFixed(2)} | ${Math.round((read.headCpuMs * 1000) / read.heads)} |`,
    ].join('\n'),
  );
}

/** A log of `events` events written through the adapter, then read back three ways. */
async function reads(events: number) {
  const double = await startEsdbDouble({ batchAppend: true });
  const store = EsdbEventStore.connect(double.connectionString);
  let next = 0;
  const prefix = randomUUID().slice(0, 8);
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let s = next++; s < events; s = next++)
        await store.append(`read-${prefix}x${s}`, [event(s, 0)], 'no-stream');
    }),
  );
  let t0 = performance.now();
  let cpu = process.cpuUsage();
  const cpuMs = () => {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    return (used.user + used.system) / 1000;
  };
  const subscription = store.subscribeToAll({});
  let delivered = 0;
  for await (const message of subscription) {
    if (message.kind === 'caught-up') break;
    delivered += 1;
  }
  await subscription.close();
  const catchUpSeconds = (performance.now() - t0) / 1000;
  const catchUpCpuMs = cpuMs();
  if (delivered !== events) throw new Error(`caught up after ${delivered} of ${events} events`);

  t0 = performance.now();
  let read = 0;
  for (let page = await store.readAll({ maxCount: 500 }); page.length > 0;) {
    read += page.length;
    page = await store.readAll({ after: page[page.length - 1].position, maxCount: 500 });
  }
  const pagedSeconds = (performance.now() - t0) / 1000;
  const pagedCpuMs = cpuMs();
  if (read !== events) throw new Error(`read ${read} of ${events} events`);

  const heads = 1000;
  t0 = performance.now();
  for (let i = 0; i < heads; i++) await store.headPosition();
  const headMs = (performance.now() - t0) / heads;
  const headCpuMs = cpuMs();
  await store.close();
  await double.stop();
  return { events, catchUpSeconds, catchUpCpuMs, pagedSeconds, pagedCpuMs, heads, headMs, headCpuMs };
}

async function run(rpc: 'batch' | 'append', concurrency: number, streams: number, appends: number): Promise<Row> {
  const double = await startEsdbDouble({ batchAppend: rpc === 'batch' });
  const store = EsdbEventStore.connect(double.connectionString);
  const latencies: number[] = [];
  let next = 0;
  const prefix = randomUUID().slice(0, 8);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let s = next++; s < streams; s = next++) {
        const stream = `bench-${prefix}x${s}`;
        for (let a = 0; a < appends; a++) {
          const expected: ExpectedRevision = a === 0 ? 'no-stream' : a - 1;
          const t0 = performance.now();
          await store.append(stream, [event(s, a)], expected);
          latencies.push(performance.now() - t0);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await store.close();
  await double.stop();
  return { rpc, concurrency, events: streams * appends, seconds, cpuMs: (used.user + used.system) / 1000, latencies };
}

/** About 300 bytes of data and metadata, shaped like a ledger event. */
function event(stream: number, n: number): EventToAppend {
  return {
    id: randomUUID(),
    type: 'ConsentGranted',
    data: {
      consentId: randomUUID(),
      subject: `subject-${stream}`,
      purposes: ['credit-bureau-report', 'scoring'],
      grantedAt: new Date().toISOString(),
      n,
    },
    metadata: {
      commandId: randomUUID(),
      correlationId: randomUUID(),
      actor: 'bench',
      recordedAt: new Date().toISOString(),
    },
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
