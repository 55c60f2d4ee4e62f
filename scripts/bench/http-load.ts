/**
 * Load benchmark of the ledger on the embedded store: starts the built service as its own process
 * on a fresh folder, drives it over HTTP from this process, and prints throughput and latency per
 * operation, then the time to rebuild the read models from zero.
 *
 *   npm run bench:http -- --people 2000 --concurrency 32
 */
import { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticIin } from '../../apps/ledger/src/demo/demo-history';
import { mintDevelopmentToken } from '../../apps/ledger/src/auth/development-tokens';
import { exited, freePort, startBuiltService } from '../support/built-service';
import { Role } from '../../apps/ledger/src/auth/roles';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const PEOPLE = option('people', 2000);
const CONCURRENCY = option('concurrency', 32);

interface Result {
  readonly operation: string;
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly statuses: Record<number, number>;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let service = await start(dir, port);
  core = await token(dir, 'lending-core');
  reader = await token(dir, 'auditor');
  admin = await token(dir, 'compliance-admin');
  const results: Result[] = [];
  try {
    const now = new Date(Date.now() - 60_000).toISOString();
    await post(base, '/v1/policies/privacy/versions', 'bench-policy', admin, {
      version: '1',
      effectiveFrom: now,
      occurredAt: now,
      materialChange: true,
      texts: { kk: { sha256: 'a'.repeat(64), url: 'https://acredit.kz/privacy/1/kk' } },
    });
    const iins = Array.from({ length: PEOPLE }, (_, i) => syntheticIin(99, i));
    const at = () => new Date(Date.now() - 1000).toISOString();

    results.push(
      await load('grant consent (POST /v1/consents)', PEOPLE, (i) =>
        post(base, '/v1/consents', `bench-grant-${i}`, core, {
          iin: iins[i],
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
        }),
      ),
    );
    results.push(
      await load('record disclosure (POST /v1/disclosures)', PEOPLE, (i) =>
        post(base, '/v1/disclosures', `bench-disclose-${i}`, core, {
          iin: iins[i],
          recipient: 'first-credit-bureau',
          purpose: 'credit-and-pension-checks',
          dataCategories: ['iin', 'full-name'],
          occurredAt: at(),
        }),
      ),
    );
    const subjectIds = await Promise.all(
      iins
        .slice(0, 200)
        .map(async (iin) => (await postPlain<{ subjectId: string }>(base, '/v1/subjects/resolve', { iin })).subjectId),
    );
    results.push(
      await load('check validity (GET /v1/subjects/{id}/check)', PEOPLE * 2, (i) =>
        get(
          base,
          `/v1/subjects/${subjectIds[i % subjectIds.length]}/check?purpose=credit-and-pension-checks&recipient=first-credit-bureau&dataCategories=iin,full-name`,
        ),
      ),
    );
    results.push(
      await load('consent state (GET /v1/subjects/{id}/consents)', PEOPLE, (i) =>
        get(base, `/v1/subjects/${subjectIds[i % subjectIds.length]}/consents`),
      ),
    );

    // Rebuild: the same log, an empty read-model database.
    service.kill('SIGTERM');
    await exited(service);
    rmSync(join(dir, 'read-models.sqlite'), { force: true });
    rmSync(join(dir, 'read-models.sqlite-wal'), { force: true });
    rmSync(join(dir, 'read-models.sqlite-shm'), { force: true });
    const started = Date.now();
    service = await start(dir, port);
    const rebuiltIn = (Date.now() - started) / 1000;
    const health = await getJson(base, '/health/ready', reader);
    const events = health.projection.eventsApplied;

    const lines = [
      `Machine: ${cpus().length} × ${cpus()[0].model}, Node ${process.version}; service and load generator share it.`,
      `People: ${PEOPLE}; concurrency: ${CONCURRENCY}; store: embedded SQLite (WAL, synchronous=FULL).`,
      '',
      '| operation | requests | req/s | p50 ms | p95 ms | p99 ms | statuses |',
      '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
      ...results.map(
        (r) =>
          `| ${r.operation} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${Object.entries(
            r.statuses,
          )
            .map(([s, n]) => `${n}×${s}`)
            .join(' ')} |`,
      ),
      '',
      `Read models rebuilt from zero: ${events} events in ${rebuiltIn.toFixed(1)} s including process start (${(events / rebuiltIn).toFixed(0)} events/s).`,
    ];
    console.log(lines.join('\n'));
  } finally {
    service.kill('SIGTERM');
    await exited(service);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function load(operation: string, requests: number, send: (i: number) => Promise<number>): Promise<Result> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = next++;
        if (i >= requests) return;
        const t = process.hrtime.bigint();
        const status = await send(i);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // A number measured on failing requests would measure the failure: refuse to report it.
  const failed = Object.keys(statuses).filter((status) => Number(status) >= 300);
  if (failed.length > 0) throw new Error(`${operation}: unexpected statuses ${JSON.stringify(statuses)}`);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return {
    operation,
    requests,
    seconds,
    perSecond: requests / seconds,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    statuses,
  };
}

let core = '';
let reader = '';
let admin = '';

/** A development token, signed with the key the service made in its data folder. */
async function token(dir: string, role: string): Promise<string> {
  return mintDevelopmentToken(readFileSync(join(dir, 'dev-auth-key.pem'), 'utf8'), [role as Role], {
    sub: `bench-${role}`,
  });
}

async function post(base: string, path: string, key: string, bearer: string, body: unknown): Promise<number> {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

async function postPlain<T>(base: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${core}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return (await response.json()) as T;
}

async function get(base: string, path: string): Promise<number> {
  const response = await fetch(base + path, { headers: { authorization: `Bearer ${reader}` } });
  await response.arrayBuffer();
  return response.status;
}

interface Readiness {
  projection: { eventsApplied: number; caughtUp: boolean };
}

async function getJson(base: string, path: string, bearer?: string): Promise<Readiness> {
  const response = await fetch(base + path, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});
  return (await response.json()) as Readiness;
}

function start(dir: string, port: number): Promise<ChildProcess> {
  return startBuiltService(dir, port, {
    // Capacity is measured without the per-client budget, which one load generator would exhaust.
    env: { LEDGER_RATE_LIMIT_PER_MINUTE: '0', LEDGER_LOG_LEVEL: 'warn' },
    // BENCH_SERVICE_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the service under load.
    nodeArgs: (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean),
    onOutput: (chunk) => process.stderr.write(chunk),
    timeoutMs: 120_000,
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
