import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { Worker } from 'node:worker_threads';
import { ReadSide } from '@ledger/projections';
import { READ_SIDE } from '../../apps/ledger/src/ledger/read-models';
import { COMMAND_ROUTES } from '../../apps/ledger/src/metrics/http-metrics';
import { ago, DAY, key, Ledger, newIin, removeDir, startLedger, closeAndRemove } from '../support/ledger-harness';
import { disclosureRequest, grantRequest, policyVersionRequest } from '../support/requests';

/** One sample's value from Prometheus text, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
    const rest = line.slice(name.length);
    const labelText = rest.startsWith('{') ? rest.slice(1, rest.indexOf('}')) : '';
    const present = Object.fromEntries([...labelText.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => present[k] === v))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('metrics', () => {
  let ledger: Ledger;
  const scrape = async (of: Ledger = ledger) => {
    const reply = await of.request('GET', '/metrics', undefined, {}, ['operator']);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return reply.body as string;
  };

  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(() => closeAndRemove(ledger));

  it('counts command outcomes by command type and problem code: recorded, replayed, refused', async () => {
    const publishedAt = ago(ledger, 10 * DAY);
    const policy = policyVersionRequest(publishedAt, {
      materialChange: false,
      texts: { kk: { sha256: 'a'.repeat(64), url: 'https://acredit.kz/p/1' } },
    });
    const policyKey = key('policy');
    expect((await ledger.command('/v1/policies/privacy/versions', policyKey, policy)).status).toBe(201);
    expect((await ledger.command('/v1/policies/privacy/versions', policyKey, policy)).status).toBe(201);
    const refused = await ledger.command(
      '/v1/disclosures',
      key('disclose'),
      disclosureRequest({
        iin: newIin(),
        dataCategories: ['credit-history'],
        occurredAt: ago(ledger, DAY),
      }),
    );
    expect(refused.status).toBe(422);
    expect((await ledger.command('/v1/consents', key('grant'), { iin: 'nonsense' })).status).toBe(400);

    const text = await scrape();
    const commands = (labels: Record<string, string>) => sample(text, 'ledger_commands_total', labels);
    expect(commands({ command: 'publish-policy-version', outcome: 'recorded', problem: '' })).toBe(1);
    expect(commands({ command: 'publish-policy-version', outcome: 'replayed', problem: '' })).toBe(1);
    expect(commands({ command: 'record-disclosure', outcome: 'refused', problem: 'disclosure-refused' })).toBe(1);
    expect(commands({ command: 'grant-consent', outcome: 'refused', problem: 'invalid-request' })).toBe(1);
  });

  it('times answers by route pattern and counts them by status and problem code, naming no one', async () => {
    const subjectId = 'f'.repeat(32);
    await ledger.request('GET', `/v1/subjects/${subjectId}/check?purpose=advertising&dataCategories=iin`);
    await ledger.request('GET', '/v1/nowhere');
    const text = await scrape();
    const route = '/v1/subjects/:subjectId/check';
    expect(sample(text, 'ledger_http_request_duration_seconds_count', { method: 'GET', route })).toBe(1);
    expect(sample(text, 'ledger_http_request_duration_seconds_bucket', { route, le: '+Inf' })).toBe(1);
    expect(
      sample(text, 'ledger_http_responses_total', { route: 'unmatched', status: '404', problem: 'route-not-found' }),
    ).toBe(1);
    expect(text).not.toContain(subjectId);
  });

  it('feeds the group-commit sizes, the access-log writes and the lookup misses', async () => {
    const count = (text: string, name: string, labels: Record<string, string> = {}) => sample(text, name, labels) ?? 0;
    const before = await scrape();
    const iin = newIin();
    const granted = await ledger.command(
      '/v1/consents',
      key('metrics-grant'),
      grantRequest({
        iin,
        purposes: ['microcredit-contract'],
        dataCategories: ['iin'],
        recipients: [],
        occurredAt: ago(ledger, DAY),
      }),
    );
    expect(granted.status).toBe(201);
    const auditor = ['auditor'] as const;
    expect((await ledger.request('POST', '/v1/subjects/resolve', { iin }, {}, auditor)).status).toBe(200);
    expect((await ledger.request('POST', '/v1/subjects/resolve', { iin: newIin() }, {}, auditor)).status).toBe(200);
    const after = await scrape();
    const grew = (name: string, labels: Record<string, string> = {}) =>
      count(after, name, labels) - count(before, name, labels);
    expect(grew('ledger_group_commit_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(grew('ledger_group_commit_batch_size_sum')).toBeGreaterThanOrEqual(
      grew('ledger_group_commit_batch_size_count'),
    );
    expect(grew('ledger_access_log_writes_total', { scope: 'person', outcome: 'written' })).toBe(1);
    expect(grew('ledger_access_log_writes_total', { scope: 'miss', outcome: 'written' })).toBe(1);
    expect(grew('ledger_subject_lookup_misses_total', { role: 'auditor' })).toBe(1);
  });

  it('reads the projection lag from the runner, counts token checks, and declares what other parts feed', async () => {
    // The looks just recorded reach the read models shortly after their answers: wait for that.
    let text = await scrape();
    for (let i = 0; i < 100 && sample(text, 'ledger_projection_caught_up') !== 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      text = await scrape();
    }
    expect(sample(text, 'ledger_projection_caught_up')).toBe(1);
    expect(sample(text, 'ledger_projection_lag_seconds')).toBe(0);
    expect(sample(text, 'ledger_projection_events_applied')).toBeGreaterThan(0);
    expect(sample(text, 'ledger_token_verifications_total', { outcome: 'verified' })).toBeGreaterThan(0);
    expect(sample(text, 'ledger_token_verifications_total', { outcome: 'cached' })).toBeGreaterThan(0);
    for (const name of [
      'ledger_group_commit_batch_size',
      'ledger_eventstore_retries_total',
      'ledger_eventstore_reconnects_total',
      'ledger_access_log_writes_total',
      'ledger_rate_limit_refusals_total',
      'process_cpu_seconds_total',
    ]) {
      expect({ name, declared: text.includes(`# TYPE ${name} `) }).toEqual({ name, declared: true });
    }
  });

  it('shows the read models of the moment of the scrape, the first one too', async () => {
    const fresh = await startLedger();
    try {
      const policy = policyVersionRequest(ago(fresh, 20 * DAY));
      expect((await fresh.command('/v1/policies/privacy/versions', key('policy'), policy)).status).toBe(201);
      const status = (await fresh.request('GET', '/health/ready')).body.projection;
      expect(status).toMatchObject({ caughtUp: true });
      const text = await scrape(fresh);
      expect(sample(text, 'ledger_projection_caught_up')).toBe(1);
      expect(sample(text, 'ledger_projection_events_applied')).toBe(status.eventsApplied);
      expect(sample(text, 'ledger_projection_failing')).toBe(0);
    } finally {
      await closeAndRemove(fresh);
    }
  });

  it('says when the read models are not fed: their thread stopped', async () => {
    const fed = await startLedger(undefined, { env: { LEDGER_PROJECTION_THREAD: 'on' } });
    try {
      const runner = fed.app.get<ReadSide>(READ_SIDE).runner as unknown as { worker?: Worker };
      expect(sample(await scrape(fed), 'ledger_projection_failing')).toBe(0);
      await runner.worker!.terminate();
      expect(sample(await scrape(fed), 'ledger_projection_failing')).toBe(1);
      // Started again, it feeds them once more.
      let text = await scrape(fed);
      for (let i = 0; i < 100 && sample(text, 'ledger_projection_failing') !== 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        text = await scrape(fed);
      }
      expect(sample(text, 'ledger_projection_failing')).toBe(0);
    } finally {
      await closeAndRemove(fed);
    }
  });

  // The README's metrics table names every ledger_* metric the ledger serves, and serves every one it names.
  it('serves exactly the ledger_* metrics the README names', async () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('**Metrics.**'), readme.indexOf('**Logs.**'));
    const named = [...new Set([...table.matchAll(/`(ledger_[a-z_]+)/g)].map((m) => m[1]))].sort();
    const served = [...(await scrape()).matchAll(/^# TYPE (ledger_[a-z_]+) /gm)].map((m) => m[1]).sort();
    expect(named.length).toBeGreaterThan(10);
    expect(served).toEqual(named);
  });

  it('keeps one registry per application instance', async () => {
    const other = await startLedger();
    try {
      const text = await scrape(other);
      expect(sample(text, 'ledger_commands_total', { command: 'publish-policy-version' })).toBeUndefined();
      expect(
        sample(await scrape(), 'ledger_commands_total', { command: 'publish-policy-version', outcome: 'recorded' }),
      ).toBe(1);
    } finally {
      await other.close();
      removeDir(other.dir);
    }
  });

  it('names the command of every route the API documents as a command', async () => {
    const openapi = (await ledger.request('GET', '/docs/openapi.json')).body;
    const commandRoutes = Object.entries(openapi.paths as Record<string, Record<string, { tags?: string[] }>>).flatMap(
      ([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => op.tags?.includes('commands'))
          .map(([method]) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(Object.keys(COMMAND_ROUTES).sort()).toEqual(commandRoutes.sort());
  });
});

describe('readiness probe', () => {
  let failing = false;
  let ledger: Ledger;

  beforeAll(async () => {
    const real = new SqliteEventStore({ file: join(mkdtempSync(join(tmpdir(), 'ledger-probe-')), 'events.sqlite') });
    // The real store, whose head can be made to fail as a broken disk would.
    const store = new Proxy(real, {
      get(target, property, receiver) {
        if (property === 'headPosition' && failing) {
          return () => Promise.reject(new Error('SQLITE_IOERR: disk I/O error'));
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    ledger = await startLedger(undefined, { store });
  });
  afterAll(() => closeAndRemove(ledger));

  it('answers an orchestrator without a token, and says nothing but ready or not', async () => {
    const ready = await ledger.request('GET', '/health/probe', undefined, {}, null);
    expect({ status: ready.status, body: ready.body }).toEqual({ status: 200, body: { status: 'ready' } });

    failing = true;
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the probe keeps its answer for a second
    const down = await ledger.request('GET', '/health/probe', undefined, {}, null);
    expect({ status: down.status, body: down.body }).toEqual({ status: 503, body: { status: 'not-ready' } });
    // The detailed readiness, for operators, needs a token and says why.
    expect((await ledger.request('GET', '/health/ready', undefined, {}, null)).status).toBe(401);
    const detailed = await ledger.request('GET', '/health/ready', undefined, {}, ['operator']);
    expect(detailed.status).toBe(503);
    expect(detailed.body.eventStore).toEqual({ kind: 'sqlite', reachable: false });
    failing = false;
  });
});
