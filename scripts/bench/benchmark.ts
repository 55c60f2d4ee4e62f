/**
 * The whole benchmark of issue 10 in one command: prints the issue's targets table with this
 * machine's figures and a verdict per row.
 *
 *   npm run bench               # full: 1M people / 10M events (made once into .bench-cache/)
 *   npm run bench -- --quick    # short: 100k events, fewer requests, 30 s of mixed load
 *
 * Rows, in the order they run:
 *  1. the embedded store alone (SqliteEventStore, fresh file): streams × 5 appends of ~300 B at the
 *     revision each expects, 32 and 1 in flight;
 *  2–3. the service as its own process on a fresh data folder, driven over loopback HTTP by 64
 *     clients from this process: grants, withdrawals (of the consent each grant answered with),
 *     disclosures, then checks (each writes its access-log event before answering);
 *  9. the same process under mixed load for a while, its RSS sampled every second;
 *  5. read models rebuilt from zero (the service's ReadSide) over the big generated log;
 *  4. one check in-process on the big store: the query handler the HTTP check runs, called directly;
 *  8. append and check cost on the big store against the 100k-event one (quick: 100k against 10k);
 *  7. export of the big store (the code GET /v1/exports/log runs) to a file, timed; then a second,
 *     untimed pass reading the heap after a full GC twenty times, against the same at 100k (quick: 10k);
 *  6. `audit verify` of that file (the CLI's code), key pinned.
 *
 *   npm run bench -- --quick --only checks   # only the HTTP rows named (grants, withdrawals,
 *                                            # disclosures, checks; comma-separated), for profiling one road
 *   npm run bench -- --quick --only checks --checks 20000   # a longer check row
 *   npm run bench -- --quick --only rebuild,export   # only offline rows (export includes audit verify)
 *   npm run bench -- --quick --mixed-seconds 600     # the memory row judged over ten minutes
 *
 * `--only` with HTTP rows runs the grants whatever it names (every other HTTP row needs their people)
 * and skips the store, the mixed load and the generated stores; with offline rows only (rebuild,
 * export) it runs those over the generated stores and starts no service.
 */
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { CatalogueIndex, LENDER_CATALOGUE } from '@ledger/consent-domain';
import { EventToAppend, SqliteEventStore } from '@ledger/event-store';
import { chainEvents, GENESIS_HASH, toAppend } from '@ledger/ledger-log';
import { ReadSide } from '@ledger/projections';
import { mintDevelopmentToken } from '../../apps/ledger/src/auth/development-tokens';
import { Role } from '../../apps/ledger/src/auth/roles';
import { SYNTHETIC_IINS, syntheticIin } from '../../apps/ledger/src/demo/demo-history';
import { exportLines } from '../../apps/ledger/src/exporting/ledger-export';
import { ReadModels } from '../../apps/ledger/src/ledger/read-models';
import { SystemClock } from '../../apps/ledger/src/ledger/clock';
import { IntegrityMonitor } from '../../apps/ledger/src/ledger/integrity-monitor';
import { CheckConsentHandler, CheckConsentQuery, CheckQueryDto } from '../../apps/ledger/src/subjects/consent-check';
import { readExport } from '../../apps/audit/src/export-reader';
import { cachedStore, CachedStore } from './bench-cache';
import { BENCH_CHECK, benchSubjectId } from './ledger-like-history';
import { exited, freePort, startBuiltService } from '../support/built-service';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const SIZES = QUICK
  ? {
      big: 100_000,
      reference: 10_000,
      streams: 2000,
      people: 1000,
      checks: 4000,
      inProcessChecks: 20_000,
      mixedSeconds: 20,
    }
  : {
      big: 10_000_000,
      reference: 100_000,
      streams: 2000,
      people: 10_000,
      checks: 40_000,
      inProcessChecks: 200_000,
      mixedSeconds: 600,
    };
const CLIENTS = 64;
/** `--checks N`: that many HTTP checks instead of the size's (a longer check row to profile). */
const checksArg = args.find((_, i) => args[i - 1] === '--checks');
if (checksArg !== undefined) SIZES.checks = Number(checksArg);
/** `--mixed-seconds N`: the memory row's mixed load for that long (600 judges it, as the full run does). */
const mixedArg = args.find((_, i) => args[i - 1] === '--mixed-seconds');
if (mixedArg !== undefined) SIZES.mixedSeconds = Number(mixedArg);
if (!(SIZES.mixedSeconds > 0)) throw new Error('--mixed-seconds takes a number of seconds');
/** `--people N`: that many grants (and people for the other rows) instead of the size's (a longer grant row). */
const peopleArg = args.find((_, i) => args[i - 1] === '--people');
if (peopleArg !== undefined) SIZES.people = Number(peopleArg);
const HTTP_ROWS = ['grants', 'withdrawals', 'disclosures', 'checks'] as const;
/** Rows over the generated stores, with no service: `export` is the export and its `audit verify`. */
const OFFLINE_ROWS = ['rebuild', 'export'] as const;
const onlyArg = args.find((a, i) => a.startsWith('--only=') || args[i - 1] === '--only');
const ONLY = onlyArg === undefined ? undefined : new Set(onlyArg.replace(/^--only=/, '').split(','));
if (ONLY && [...ONLY].some((row) => ![...HTTP_ROWS, ...OFFLINE_ROWS].includes(row as never))) {
  throw new Error(`--only takes rows: ${[...HTTP_ROWS, ...OFFLINE_ROWS].join(', ')}`);
}
const ONLY_OFFLINE = ONLY !== undefined && [...ONLY].every((row) => (OFFLINE_ROWS as readonly string[]).includes(row));
/** Whether a row runs: every row without --only, else the rows it names (and the grants, which make the people). */
const runs = (row: (typeof HTTP_ROWS)[number]) => !ONLY || ONLY.has(row) || row === 'grants';
/** Whether an offline row runs: every one without --only, else only those it names. */
const runsOffline = (row: (typeof OFFLINE_ROWS)[number]) => !ONLY || ONLY.has(row);

const progress = (line: string) => process.stderr.write(`${line}\n`);

interface Row {
  readonly figure: string;
  readonly target: string;
  readonly floor: string;
  readonly measured: string;
  readonly verdict: string;
}

async function main(): Promise<void> {
  const began = Date.now();
  const header = [
    `# npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    '',
    `- when: ${new Date().toISOString()}`,
    `- machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}`,
    `- load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    `- command: node ${process.execArgv.join(' ')} ${process.argv.slice(1).join(' ')}`,
  ];
  progress(`npm run bench${QUICK ? ' -- --quick' : ''}: progress on stderr, the table on stdout`);
  const rows: Row[] = [];
  const notes: string[] = [];

  // 1. The store alone.
  progress('1. store alone');
  for (const inFlight of ONLY ? [] : [32, 1]) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    try {
      await appendWorkload(store, 8, 200, 'warm'); // the JIT and the writer thread warm first
      const r = await appendWorkload(store, inFlight, SIZES.streams, 'row');
      rows.push({
        figure: `store alone: ${SIZES.streams.toLocaleString('en-US')} streams × 5 appends of ~300 B, expected revision, ${inFlight} in flight`,
        target: 'reference (issue: 36,400/s at 32, 4,500/s at 1)',
        floor: '—',
        measured: `${fmt(r.perSecond)} events/s, p99 ${ms(r.p99)}`,
        verdict: 'reference',
      });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // 2, 3, 9. The service over HTTP.
  if (ONLY_OFFLINE) {
    console.log([...header, '', ...(await offlineRows())].join('\n'));
    return;
  }
  progress('2–3. HTTP at 64 clients; 9. RSS under mixed load');
  const http = await httpRows();
  rows.push(...http.rows);
  if (ONLY) {
    console.log([...header, '', ...http.details].join('\n'));
    return;
  }

  // The generated stores.
  progress(
    `generated stores (.bench-cache/): ${SIZES.big.toLocaleString('en-US')} and ${SIZES.reference.toLocaleString('en-US')} events`,
  );
  const big = await cachedStore(SIZES.big, progress);
  const reference = await cachedStore(SIZES.reference, progress);
  if (big.filledSeconds !== undefined) {
    notes.push(
      `The ${big.events.toLocaleString('en-US')}-event store was generated in this run (${big.filledSeconds.toFixed(0)} s, ${fmt(big.events / big.filledSeconds)} events/s) and is reused from .bench-cache/ next time.`,
    );
  }

  // 5. Rebuild from zero, over the big log; the first run keeps the result as the cache's read models.
  progress('5. read models rebuilt from zero');
  const rebuilt = await rebuild(big);
  await rebuild(reference, true);
  rows.push({
    figure: `read models rebuilt from zero (${big.events.toLocaleString('en-US')} events)`,
    target: '≥ 250,000 events/s',
    floor: '100,000/s',
    measured: `${fmt(rebuilt)} events/s (${(big.events / rebuilt).toFixed(0)} s)`,
    verdict: verdict(rebuilt, 250_000, 100_000),
  });

  // 4 and 8: checks in-process on the big store and on the reference one.
  progress('4. one check in-process');
  const checkBig = await inProcessChecks(big, SIZES.inProcessChecks);
  const checkRef = await inProcessChecks(reference, Math.min(SIZES.inProcessChecks, 50_000));
  rows.push({
    figure: `one check in-process, ${big.people.toLocaleString('en-US')} people / ${big.events.toLocaleString('en-US')} events in the store`,
    target: 'p99 ≤ 50 µs',
    floor: '200 µs',
    measured: `p50 ${us(checkBig.p50)}, p99 ${us(checkBig.p99)} (${checkBig.count.toLocaleString('en-US')} checks, random people)`,
    verdict: checkBig.p99 <= 0.05 ? 'met' : checkBig.p99 <= 0.2 ? 'past floor' : 'NOT DONE',
  });

  progress('8. cost growth');
  const appendBig = await appendsOnCopy(big);
  const appendRef = await appendsOnCopy(reference);
  const appendRatio = appendBig.costUs / appendRef.costUs;
  const checkRatio = checkBig.p50 / checkRef.p50;
  const growth = (ratio: number) => (ratio <= 1.5 ? 'met' : ratio <= 2 ? 'past floor' : 'NOT DONE');
  rows.push({
    figure: `cost growth, appends: ${big.events.toLocaleString('en-US')} vs ${reference.events.toLocaleString('en-US')} events (32 in flight, wall time per event)`,
    target: '≤ 1.5×',
    floor: '2×',
    measured: `${appendRatio.toFixed(2)}× (${appendBig.costUs.toFixed(1)} vs ${appendRef.costUs.toFixed(1)} µs; 1 in flight p50 ${ms(appendBig.p50Single)} vs ${ms(appendRef.p50Single)})`,
    verdict: growth(appendRatio),
  });
  rows.push({
    figure: `cost growth, checks: ${big.events.toLocaleString('en-US')} vs ${reference.events.toLocaleString('en-US')} events (in-process p50)`,
    target: '≤ 1.5×',
    floor: '2×',
    measured: `${checkRatio.toFixed(2)}× (${us(checkBig.p50)} vs ${us(checkRef.p50)})`,
    verdict: growth(checkRatio),
  });

  // 7 and 6: export, then verify that file.
  progress('7. export; 6. audit verify');
  const exportRef = await exportAndVerify(reference, false);
  const exportBig = await exportAndVerify(big, true);
  // Flat: a hundred or a thousand times the events, the same heap (within a few pages' worth).
  const flat = exportBig.samples > 0 && exportBig.heapGrowth <= exportRef.heapGrowth + 16e6;
  rows.push({
    figure: `\`audit verify\` of an export (${big.events.toLocaleString('en-US')} events, key pinned, one thread)`,
    target: '≥ 200,000 events/s',
    floor: '100,000/s',
    measured: `${fmt(exportBig.verifyPerSecond!)} events/s`,
    verdict: verdict(exportBig.verifyPerSecond!, 200_000, 100_000),
  });
  rows.push({
    figure: `export, constant memory (${big.events.toLocaleString('en-US')} events, ${(exportBig.bytes / 1e9).toFixed(2)} GB)`,
    target: '≥ 100,000 events/s',
    floor: '50,000/s',
    measured:
      `${fmt(exportBig.perSecond)} events/s; heap after GC grew at most ${mb(exportBig.heapGrowth)} over ${exportBig.samples} samples ` +
      `(${mb(exportRef.heapGrowth)} at ${reference.events.toLocaleString('en-US')} events): ${flat ? 'flat' : 'GROWS'}`,
    verdict: flat ? verdict(exportBig.perSecond, 100_000, 50_000) : 'NOT DONE',
  });

  rows.push(http.rss!);

  // The issue's order: the store for scale, then its targets table top to bottom.
  const order = [
    'store',
    'grants',
    'withdrawals',
    'disclosures',
    'checks over',
    'one check',
    'read models',
    '`audit',
    'export',
    'cost growth, appends',
    'cost growth, checks',
    'memory',
  ];
  const rank = (r: Row) => order.findIndex((prefix) => r.figure.startsWith(prefix));
  rows.sort((a, b) => rank(a) - rank(b));
  const table = [
    '| figure | target | not done below | this machine | verdict |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.figure} | ${r.target} | ${r.floor} | ${r.measured} | ${r.verdict} |`),
  ];
  console.log(
    [
      ...header,
      `- load average at end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; took ${((Date.now() - began) / 60_000).toFixed(1)} min`,
      '',
      ...table,
      '',
      ...http.details,
      ...(notes.length ? ['', ...notes] : []),
    ].join('\n'),
  );
}

// ---------------------------------------------------------------- 1. the store alone

interface Latencies {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/** `streams` streams × 5 appends of one ~300 B event, each at the revision it expects; `inFlight` streams at once. */
async function appendWorkload(
  store: SqliteEventStore,
  inFlight: number,
  streams: number,
  tag: string,
): Promise<Latencies> {
  const prefix = `${tag}${randomBytes(4).toString('hex')}`;
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let s = next++; s < streams; s = next++) {
        const stream = `bench-${prefix}x${s}`;
        let previous = GENESIS_HASH;
        for (let revision = 0; revision < 5; revision++) {
          const [event] = chainEvents(stream, revision, previous, [payload(s, revision)]);
          previous = event.metadata.hash as string;
          const t = process.hrtime.bigint();
          await store.append(stream, [event], revision === 0 ? 'no-stream' : revision - 1);
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: latencies.length / seconds, ...percentiles(latencies) };
}

/** About 300 bytes stored: a ledger event's metadata and a small body. */
function payload(s: number, revision: number): EventToAppend {
  const [event] = toAppend([{ type: 'LoanContractSigned', data: { loanId: `MC-bench-${s}-${revision}` } }], {
    commandId: randomBytes(16).toString('hex'),
    correlationId: 'bench',
    actor: { kind: 'system', id: 'bench' },
    occurredAt: new Date().toISOString(),
    recordedAt: new Date().toISOString(),
  });
  return event;
}

// ---------------------------------------------------------------- 2, 3, 9. the service over HTTP

interface Measured extends Latencies {
  readonly operation: string;
  readonly requests: number;
  readonly statuses: Record<number, number>;
  /** The service process's CPU time (all its threads) per request: steadier than req/s on a shared machine. */
  readonly cpuMsPerRequest: number;
  /** Of it, the service's main thread's. */
  readonly mainCpuMsPerRequest: number;
  /** This process's (the load generator's) CPU time per request: what the service could not have of the two cores. */
  readonly loadCpuMsPerRequest: number;
}

/** The process whose CPU time `load` reads (the service under load). */
let servicePid: number | undefined;

async function httpRows(): Promise<{ rows: Row[]; rss?: Row; details: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-service-'));
  const port = await freePort();
  const service = await startService(dir, port);
  servicePid = service.pid;
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CLIENTS, pipelining: 1 });
  const key = readFileSync(join(dir, 'dev-auth-key.pem'), 'utf8');
  const bearer = async (role: Role) => `Bearer ${await mintDevelopmentToken(key, [role], { sub: `bench-${role}` })}`;
  const core = await bearer('lending-core');
  const admin = await bearer('compliance-admin');
  const send = async (method: 'GET' | 'POST', path: string, auth: string, body?: unknown, idempotencyKey?: string) => {
    const response = await pool.request({
      method,
      path,
      headers: {
        authorization: auth,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.body.text();
    return { status: response.statusCode, text };
  };
  const results: Measured[] = [];
  const answers: { subjectId: string; consentId: string }[] = [];
  const at = () => new Date(Date.now() - 1000).toISOString();
  let rss: Row;
  try {
    const policyAt = new Date(Date.now() - 60_000).toISOString();
    const published = await send(
      'POST',
      '/v1/policies/privacy/versions',
      admin,
      {
        version: '1',
        effectiveFrom: policyAt,
        occurredAt: policyAt,
        materialChange: true,
        texts: { kk: { sha256: 'a'.repeat(64), url: 'https://acredit.kz/privacy/1/kk' } },
      },
      'bench-policy',
    );
    if (published.status !== 201) throw new Error(`policy: ${published.status} ${published.text}`);
    const grant = (i: number) => ({
      iin: syntheticIin(99, i),
      purposes: ['microcredit-contract', 'credit-and-pension-checks', 'advertising'],
      dataCategories: ['full-name', 'iin', 'salary-amount', 'pension-contributions'],
      recipients: ['first-credit-bureau', 'enpf'],
      crossBorderTransferAllowed: false,
      publicationAllowed: false,
      term: { kind: 'until-purposes-achieved' },
      policyShown: { policyId: 'privacy', version: '1' },
      language: 'kk',
      collectionMethod: 'web-checkbox',
      evidence: [],
      occurredAt: at(),
    });
    const disclosure = (i: number) => ({
      iin: syntheticIin(99, i),
      recipient: 'first-credit-bureau',
      purpose: 'credit-and-pension-checks',
      dataCategories: ['iin', 'full-name'],
      occurredAt: at(),
    });
    const checkPath = (subjectId: string) =>
      `/v1/subjects/${subjectId}/check?purpose=credit-and-pension-checks&recipient=first-credit-bureau&dataCategories=iin,full-name`;
    const N = SIZES.people;
    // A short warm-up on people of their own (after the rows' N), so the first row does not pay for the JIT.
    const WARM_UP = 200;
    await load(
      'warm-up',
      WARM_UP,
      async (i) => (await send('POST', '/v1/consents', core, grant(N + i), `warm-${i}`)).status,
    );

    results.push(
      await load('grant consent (POST /v1/consents)', N, async (i) => {
        const reply = await send('POST', '/v1/consents', core, grant(i), `grant-${i}`);
        if (reply.status === 201) answers[i] = JSON.parse(reply.text);
        return reply.status;
      }),
    );
    if (runs('withdrawals'))
      results.push(
        await load(
          'withdraw advertising (POST /v1/withdrawals)',
          N,
          async (i) =>
            (
              await send(
                'POST',
                '/v1/withdrawals',
                core,
                {
                  iin: syntheticIin(99, i),
                  consentId: answers[i].consentId,
                  scope: { purposes: ['advertising'] },
                  channel: 'web-checkbox',
                  occurredAt: at(),
                },
                `withdraw-${i}`,
              )
            ).status,
        ),
      );
    if (runs('disclosures'))
      results.push(
        await load(
          'record disclosure (POST /v1/disclosures)',
          N,
          async (i) => (await send('POST', '/v1/disclosures', core, disclosure(i), `disclose-${i}`)).status,
        ),
      );
    if (runs('checks'))
      results.push(
        await load(
          'check (GET /v1/subjects/{id}/check)',
          SIZES.checks,
          async (i) => (await send('GET', checkPath(answers[i % N].subjectId), core)).status,
        ),
      );

    // 9. Mixed load: per 8 requests one new person's grant, one disclosure, six checks; RSS every second.
    if (ONLY) return { rows: [], rss: undefined, details: details(results) };
    const pid = service.pid!;
    const samples: number[] = [];
    samples.push(rssOf(pid));
    const sampler = setInterval(() => samples.push(rssOf(pid)), 1000);
    // The JavaScript heap beside the RSS (from the service's own /metrics), to tell a growing JS
    // structure from native memory (SQLite, the allocator): [seconds, RSS, heap used] every 30 s.
    const heapUsed = async () => {
      const text = (await send('GET', '/metrics', core)).text;
      heapCommitted = Number(/^nodejs_heap_size_total_bytes (\S+)$/m.exec(text)?.[1] ?? NaN);
      return Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1] ?? NaN);
    };
    /** The heap V8 holds from the system (used or not), as of the last heapUsed(). */
    let heapCommitted = NaN;
    const mixedStart = Date.now();
    const heapSeries: [number, number, number][] = [[0, rssOf(pid), await heapUsed()]];
    const heapSampler = setInterval(async () => {
      heapSeries.push([Math.round((Date.now() - mixedStart) / 1000), rssOf(pid), await heapUsed()]);
      const [t, r, h] = heapSeries[heapSeries.length - 1];
      process.stderr.write(`   mixed load ${t} s: RSS ${mb(r)}, heap used ${mb(h)} of ${mb(heapCommitted)}\n`);
    }, 30_000);
    const until = Date.now() + SIZES.mixedSeconds * 1000;
    const mixed = await load('mixed', Number.MAX_SAFE_INTEGER, async (i) => {
      if (Date.now() > until) return 0;
      // Every eighth request a person new to the ledger: past SYNTHETIC_IINS one would be an old one.
      const person = N + WARM_UP + Math.floor(i / 8);
      if (person >= SYNTHETIC_IINS) throw new Error(`the mixed load ran out of new people (${SYNTHETIC_IINS})`);
      switch (i % 8) {
        case 0:
          return (await send('POST', '/v1/consents', core, grant(person), `mixed-grant-${i}`)).status;
        case 1:
          return (await send('POST', '/v1/disclosures', core, disclosure(i % N), `mixed-disclose-${i}`)).status;
        default:
          return (await send('GET', checkPath(answers[i % N].subjectId), core)).status;
      }
    });
    clearInterval(sampler);
    clearInterval(heapSampler);
    samples.push(rssOf(pid));
    heapSeries.push([Math.round((Date.now() - mixedStart) / 1000), rssOf(pid), await heapUsed()]);
    const settled = samples.slice(Math.floor(samples.length * 0.1), Math.max(Math.floor(samples.length * 0.2), 1) + 1);
    const last = samples.slice(Math.floor(samples.length * 0.9));
    const growth = median(last) / median(settled);
    // Samples are a second apart: the least-squares slope over the last half, in bytes per second.
    const lastHalf = samples.slice(Math.floor(samples.length / 2));
    const slope = slopeOf(lastHalf);
    rss = {
      figure: `memory: service RSS over ${SIZES.mixedSeconds} s of mixed load (64 clients; 1 grant, 1 disclosure, 6 checks in 8)`,
      target: `flat (every cache and queue bounded): under 0.05 MB/s over the last half, never above ${mb(RSS_BOUND)}`,
      floor: '—',
      measured:
        `start ${mb(samples[0])}, min ${mb(Math.min(...samples))}, max ${mb(Math.max(...samples))}, end ${mb(samples[samples.length - 1])}; ` +
        `${(slope / 1e6).toFixed(3)} MB/s over the last ${lastHalf.length} s; ` +
        `last tenth vs second tenth ${growth.toFixed(2)}× (${mixed.requests.toLocaleString('en-US')} requests, ${fmt(mixed.perSecond)}/s, ` +
        `service CPU ${mixed.cpuMsPerRequest.toFixed(2)} ms/request); ` +
        `JS heap used ${mb(heapSeries[0][2])} at the start, ${mb(heapSeries[heapSeries.length - 1][2])} at the end`,
      // Flat: under 0.05 MB/s over the last half (under 15 MB in the last 5 of 10 minutes), and never above
      // RSS_BOUND.
      verdict:
        (slope < 0.05e6 && Math.max(...samples) <= RSS_BOUND ? 'flat' : 'GROWS') +
        (SIZES.mixedSeconds < 600 ? ` (${SIZES.mixedSeconds} s: too short to judge)` : ''),
    };
  } finally {
    await pool.close();
    service.kill('SIGTERM');
    await exited(service);
    rmSync(dir, { recursive: true, force: true });
  }
  const byName = (prefix: string) => results.find((r) => r.operation.startsWith(prefix))!;
  const writeRow = (prefix: string, name: string): Row => {
    const r = byName(prefix);
    return {
      figure: `${name} over HTTP at ${CLIENTS} clients (${r.requests.toLocaleString('en-US')} requests)`,
      target: '≥ 5,000/s, p99 ≤ 20 ms',
      floor: '2,000/s',
      measured: `${fmt(r.perSecond)}/s, p99 ${ms(r.p99)}`,
      verdict: r.perSecond >= 5000 && r.p99 <= 20 ? 'met' : r.perSecond >= 2000 ? 'past floor' : 'NOT DONE',
    };
  };
  const checks = byName('check');
  const rows: Row[] = [
    writeRow('grant', 'grants'),
    writeRow('withdraw', 'withdrawals'),
    writeRow('record disclosure', 'disclosures'),
    {
      figure: `checks over HTTP at ${CLIENTS} clients, each with its durable access-log event (${checks.requests.toLocaleString('en-US')} requests)`,
      target: '≥ 15,000/s, p99 ≤ 5 ms',
      floor: '5,000/s',
      measured: `${fmt(checks.perSecond)}/s, p99 ${ms(checks.p99)}`,
      verdict:
        checks.perSecond >= 15_000 && checks.p99 <= 5 ? 'met' : checks.perSecond >= 5000 ? 'past floor' : 'NOT DONE',
    },
  ];
  return { rows, rss: rss!, details: details(results) };
}

function details(results: Measured[]): string[] {
  return [
    `HTTP rows: the service on a fresh data folder (embedded store, WAL, synchronous=FULL, rate limit off), ${SIZES.people.toLocaleString('en-US')} people, 64 keep-alive connections from this process (undici Pool) on the same cores:`,
    '',
    '| operation | requests | req/s | p50 ms | p99 ms | service CPU ms/request | of it the main thread | load generator CPU ms/request | statuses |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.map(
      (r) =>
        `| ${r.operation} | ${r.requests} | ${fmt(r.perSecond)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.cpuMsPerRequest.toFixed(2)} | ${r.mainCpuMsPerRequest.toFixed(2)} | ${r.loadCpuMsPerRequest.toFixed(2)} | ${Object.entries(
          r.statuses,
        )
          .map(([s, c]) => `${c}×${s}`)
          .join(' ')} |`,
    ),
  ];
}

/** `requests` requests from CLIENTS workers; a `send` answering 0 means "stop" (timed loads). */
async function load(operation: string, requests: number, send: (i: number) => Promise<number>): Promise<Measured> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  let stop = false;
  const cpuBefore = cpuMsOf(servicePid);
  const mainBefore = cpuMsOf(servicePid, servicePid);
  const ownBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (!stop) {
        const i = next++;
        if (i >= requests) return;
        const t = process.hrtime.bigint();
        const status = await send(i);
        if (status === 0) {
          stop = true;
          return;
        }
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // A figure measured on failing requests would measure the failure: refuse to report it.
  const failed = Object.keys(statuses).filter((status) => Number(status) >= 300);
  if (failed.length > 0) throw new Error(`${operation}: unexpected statuses ${JSON.stringify(statuses)}`);
  return {
    operation,
    requests: latencies.length,
    statuses,
    perSecond: latencies.length / seconds,
    cpuMsPerRequest: (cpuMsOf(servicePid) - cpuBefore) / latencies.length,
    // The main thread is what bounds the HTTP rows (docs/benchmarks.md, 2026-11-28 07:08).
    mainCpuMsPerRequest: (cpuMsOf(servicePid, servicePid) - mainBefore) / latencies.length,
    loadCpuMsPerRequest: cpuTotalMs(process.cpuUsage(ownBefore)) / latencies.length,
    ...percentiles(latencies),
  };
}

const cpuTotalMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/**
 * User and system CPU time of a process, all threads, in ms (/proc, 100 ticks a second); of one of its
 * threads with `thread` (the main thread's id is the process's).
 */
function cpuMsOf(pid: number | undefined, thread?: number): number {
  if (pid === undefined) return NaN;
  const fields = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function startService(dir: string, port: number): Promise<ChildProcess> {
  return startBuiltService(dir, port, {
    env: {
      NODE_ENV: 'development',
      LEDGER_LOG_LEVEL: 'warn',
      // Capacity is measured without the per-client budget, which one load generator would exhaust.
      LEDGER_RATE_LIMIT_PER_MINUTE: '0',
    },
    // BENCH_SERVICE_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the service under load.
    nodeArgs: (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean),
    onOutput: (chunk) => process.stderr.write(chunk),
    timeoutMs: 60_000,
  });
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

// ---------------------------------------------------------------- offline rows alone

/** `--only rebuild,export`: those rows over the generated stores, nothing else (no service, no HTTP). */
async function offlineRows(): Promise<string[]> {
  const big = await cachedStore(SIZES.big, progress);
  const reference = await cachedStore(SIZES.reference, progress);
  const lines = ['| figure | target | not done below | this machine | verdict |', '| --- | --- | --- | --- | --- |'];
  if (runsOffline('rebuild')) {
    progress('5. read models rebuilt from zero');
    const before = cpuMsNow();
    const rebuilt = await rebuild(big);
    const cpuMs = cpuMsNow() - before;
    await rebuild(reference, true);
    lines.push(
      `| read models rebuilt from zero (${big.events.toLocaleString('en-US')} events) | ≥ 250,000 events/s | 100,000/s | ` +
        `${fmt(rebuilt)} events/s (${(big.events / rebuilt).toFixed(1)} s; CPU ${(cpuMs / 1000).toFixed(1)} s, ${((cpuMs * 1000) / big.events).toFixed(1)} µs/event) | ${verdict(rebuilt, 250_000, 100_000)} |`,
    );
  }
  if (runsOffline('export')) {
    progress('7. export; 6. audit verify');
    const exportRef = await exportAndVerify(reference, false);
    const exportBig = await exportAndVerify(big, true);
    const flat = exportBig.samples > 0 && exportBig.heapGrowth <= exportRef.heapGrowth + 16e6;
    lines.push(
      `| \`audit verify\` of an export (${big.events.toLocaleString('en-US')} events, key pinned, one thread) | ≥ 200,000 events/s | 100,000/s | ` +
        `${fmt(exportBig.verifyPerSecond!)} events/s (CPU ${exportBig.verifyCpuUsPerEvent!.toFixed(1)} µs/event) | ${verdict(exportBig.verifyPerSecond!, 200_000, 100_000)} |`,
      `| export, constant memory (${big.events.toLocaleString('en-US')} events) | ≥ 100,000 events/s | 50,000/s | ` +
        `${fmt(exportBig.perSecond)} events/s (CPU ${exportBig.cpuUsPerEvent.toFixed(1)} µs/event); heap after GC grew at most ${mb(exportBig.heapGrowth)} (${mb(exportRef.heapGrowth)} at ${reference.events.toLocaleString('en-US')}): ${flat ? 'flat' : 'GROWS'} | ` +
        `${flat ? verdict(exportBig.perSecond, 100_000, 50_000) : 'NOT DONE'} |`,
    );
  }
  lines.push(
    '',
    `- load average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  return lines;
}

// ---------------------------------------------------------------- 5. rebuild

/**
 * The service's read side rebuilt from zero into a new file over the cached log; returns events/s.
 * When the cache has no read models yet, the rebuilt file becomes them.
 */
async function rebuild(cached: CachedStore, onlyIfMissing = false): Promise<number> {
  if (onlyIfMissing && existsSync(cached.readModelFile)) return 0;
  const dir = mkdtempSync(join(cached.dir, 'rebuild-'));
  const file = join(dir, 'read-models.sqlite');
  const store = new SqliteEventStore({ file: cached.eventsFile });
  // As the read models' thread feeds them (nobody queries it, so it keeps the states it folds).
  const side = new ReadSide(store, file, { feedOnly: true });
  const started = process.hrtime.bigint();
  let seconds: number;
  let applied: number;
  let lastReport = Date.now();
  try {
    side.runner.start();
    for (;;) {
      const status = await side.runner.status();
      if (status.lastError) throw new Error(`rebuild failed: ${status.lastError}`);
      if (status.caughtUp) {
        seconds = Number(process.hrtime.bigint() - started) / 1e9;
        applied = status.eventsApplied;
        break;
      }
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        progress(`  rebuilding: ${status.eventsApplied.toLocaleString('en-US')} events applied`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await side.close();
    await store.close();
  }
  if (applied !== cached.events) throw new Error(`rebuild applied ${applied} events, the log holds ${cached.events}`);
  if (!existsSync(cached.readModelFile)) {
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, cached.readModelFile + suffix);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return applied / seconds;
}

// ---------------------------------------------------------------- 4. one check in-process

/**
 * The handler GET /v1/subjects/{id}/check runs (CheckConsentHandler: read models, policy book,
 * the validity rule), over the cached read models, one at a time, for people drawn at random.
 * Every answer must be "allowed": a benchmark answering no would measure a different road.
 */
async function inProcessChecks(cached: CachedStore, count: number) {
  const store = new SqliteEventStore({ file: cached.eventsFile });
  const side = new ReadSide(store, cached.readModelFile);
  const readModels = new ReadModels(side, store, new SystemClock(), cached.config, new IntegrityMonitor());
  const handler = new CheckConsentHandler(readModels, new CatalogueIndex(LENDER_CATALOGUE));
  // Read models kept from an older version of a projection were dropped as the read side opened:
  // they are made again (untimed) before any check is asked of them.
  if (!(await side.runner.status()).caughtUp) {
    progress('   the cached read models were made by older projection code: rebuilding them first');
    side.runner.start();
    await side.runner.started(60_000);
    while (!(await side.runner.status()).caughtUp) await sleep(200);
    await side.runner.stop();
  }
  const params = Object.assign(new CheckQueryDto(), {
    ...BENCH_CHECK,
    dataCategories: [...BENCH_CHECK.dataCategories],
  });
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const latencies: number[] = [];
  try {
    const ask = async (person: number, record: boolean) => {
      const t = process.hrtime.bigint();
      const { body, known } = await handler.execute(new CheckConsentQuery(benchSubjectId(person), params));
      if (record) latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (!known || body.allowed !== true)
        throw new Error(`check of generated person ${person}: ${JSON.stringify(body)}`);
    };
    for (let i = 0; i < 2000; i++) await ask(Math.floor(random() * cached.people), false);
    for (let i = 0; i < count; i++) await ask(Math.floor(random() * cached.people), true);
  } finally {
    await side.close();
    await store.close();
  }
  return { count, ...percentiles(latencies) };
}

// ---------------------------------------------------------------- 8. appends on a copy of a big log

/** The store-alone workload on a copy of the cached log (the cache itself is never written to). */
async function appendsOnCopy(cached: CachedStore) {
  const dir = mkdtempSync(join(cached.dir, 'appends-'));
  try {
    copyFileSync(cached.eventsFile, join(dir, 'events.sqlite'));
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    try {
      await appendWorkload(store, 8, 200, 'warm');
      const many = await appendWorkload(store, 32, SIZES.streams, 'many');
      const single = await appendWorkload(store, 1, Math.min(SIZES.streams, 500), 'one');
      return { costUs: 1e6 / many.perSecond, p50Single: single.p50 };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- 7 and 6. export and verify

async function exportAndVerify(cached: CachedStore, verify: boolean) {
  const dir = mkdtempSync(join(cached.dir, 'export-'));
  const file = join(dir, 'log.ndjson');
  const store = new SqliteEventStore({ file: cached.eventsFile });
  try {
    const source = () =>
      exportLines(
        {
          store,
          signingKey: cached.config.signingKey,
          catalogueVersion: 'bench',
          createdAt: new Date().toISOString(),
          policyIds: [],
        },
        { kind: 'log' },
      );
    const started = process.hrtime.bigint();
    const cpuStarted = cpuMsNow();
    const out = createWriteStream(file);
    for await (const chunk of source()) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuUsPerEvent = ((cpuMsNow() - cpuStarted) * 1000) / cached.events;
    const result = {
      perSecond: cached.events / seconds,
      cpuUsPerEvent,
      verifyCpuUsPerEvent: undefined as number | undefined,
      ...(await exportHeap(source, cached.events)),
      bytes: statSync(file).size,
      verifyPerSecond: undefined as number | undefined,
    };
    if (verify) {
      const key = cached.config.signingKey;
      const t = process.hrtime.bigint();
      const cpuAt = cpuMsNow();
      const report = await readExport(file, {
        pinned: [{ fingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem }],
      });
      const verifySeconds = Number(process.hrtime.bigint() - t) / 1e9;
      result.verifyCpuUsPerEvent = ((cpuMsNow() - cpuAt) * 1000) / cached.events;
      if (report.events !== cached.events || !report.sealed || !report.pinned || report.checkpointsMatched === 0) {
        throw new Error(
          `verify: ${JSON.stringify(report).slice(0, 2000)}; expected ${cached.events} events, sealed, pinned, checkpoints matched`,
        );
      }
      result.verifyPerSecond = cached.events / verifySeconds;
    }
    return result;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What an export holds, not what the collector has yet to free: a second, untimed pass with the
 * heap read after a full GC twenty times along the way.
 */
async function exportHeap(source: () => AsyncIterable<string | Buffer>, events: number) {
  if (!global.gc) return { heapGrowth: NaN, samples: 0 };
  global.gc();
  const before = process.memoryUsage().heapUsed;
  const every = Math.max(1, Math.floor(events / 500 / 20));
  let heapGrowth = 0;
  let samples = 0;
  let chunks = 0;
  for await (const chunk of source()) {
    if (chunk.length > 0 && ++chunks % every === 0) {
      global.gc();
      heapGrowth = Math.max(heapGrowth, process.memoryUsage().heapUsed - before);
      samples += 1;
    }
  }
  return { heapGrowth, samples };
}

// ---------------------------------------------------------------- figures

function percentiles(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * What the service may hold at most, from its flags (SERVICE_NODE_FLAGS): 1 GB of old space, 2 × 64 MB
 * of young generation, and about 0.3 GB besides (SQLite's page caches, 16 MB a connection, code, buffers).
 */
const RSS_BOUND = 1.5e9;

/** The least-squares slope of evenly spaced values, per step. */
function slopeOf(values: number[]): number {
  const n = values.length;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, v) => a + v, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((v, x) => {
    num += (x - meanX) * (v - meanY);
    den += (x - meanX) ** 2;
  });
  return den === 0 ? 0 : num / den;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** This process's CPU time so far (user + system, every thread), in ms. */
function cpuMsNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function verdict(value: number, target: number, floor: number): string {
  return value >= target ? 'met' : value >= floor ? 'past floor' : 'NOT DONE';
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(1)} ms`;
const us = (milliseconds: number) => `${(milliseconds * 1000).toFixed(0)} µs`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
