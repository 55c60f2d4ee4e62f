import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { developmentKey, DEVELOPMENT_KEY_FILE } from '../../apps/ledger/src/auth/auth-config';
import { Role } from '../../apps/ledger/src/auth/roles';
import { EsdbDouble, startEsdbDouble } from '../esdb-double/esdb-double';
import { newIin } from '../support/ledger-harness';
import { exited, freePort, startBuiltService, stopAndRemove } from '../support/service-process';
import { freshSchema, PostgresSchema } from '../support/shared-services';
import { devToken } from '../support/tokens';
import { until, WebhookReceiver } from '../support/webhook-receiver';
import { grantRequest, policyVersionRequest, withdrawalRequest } from '../support/requests';

/**
 * Three ledger processes (the built service) on one EventStoreDB protocol double and one PostgreSQL:
 * exactly one of them delivers webhooks — the one holding the deliverer lock — so a receiver that
 * answers 2xx gets each notification once. The deliverer is killed with SIGKILL; another takes over
 * from the delivery log they share, within a bounded time, sending nothing twice.
 * Run `npm run build` first.
 */
const HOUR = 60 * 60 * 1000;
const DELIVERER_POLL_MS = 200;
/** How long a second deliverer would have had to show itself: many of its polls. */
const QUIET_MS = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('webhook delivery with several instances on one PostgreSQL', () => {
  let double: EsdbDouble;
  let schema: PostgresSchema;
  const receiver = new WebhookReceiver();
  const instances: { dir: string; port: number; child?: ChildProcess }[] = [];
  let identityProviderKey: string;
  const now = Date.now();
  const at = (msAgo: number) => new Date(now - msAgo).toISOString();
  const token = (roles: readonly Role[]) => devToken(identityProviderKey, roles, { sub: `deliverer-${process.pid}` });

  async function send(
    instance: number,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    roles: Role[] = ['compliance-admin'],
  ) {
    const response = await fetch(`http://127.0.0.1:${instances[instance].port}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${await token(roles)}`,
        ...(body !== undefined
          ? { 'content-type': 'application/json', 'idempotency-key': randomBytes(8).toString('hex') }
          : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, body: type.includes('json') && text ? JSON.parse(text) : text };
  }

  /** What each live instance says of itself: in readiness, and in the gauge. */
  async function deliverers(): Promise<{ instance: number; ready: boolean; gauge: boolean }[]> {
    const live = instances.map((_, i) => i).filter((i) => instances[i].child);
    return Promise.all(
      live.map(async (instance) => {
        const ready = await send(instance, 'GET', '/health/ready', undefined, ['auditor']);
        const metrics = await send(instance, 'GET', '/metrics', undefined, ['auditor']);
        return {
          instance,
          ready: ready.body.webhooks.deliverer as boolean,
          gauge: /^ledger_webhook_deliverer 1$/m.test(metrics.body),
        };
      }),
    );
  }

  async function withdrawal(instance: number): Promise<string> {
    const iin = newIin();
    const granted = await send(
      instance,
      'POST',
      '/v1/consents',
      grantRequest({
        iin,
        purposes: ['microcredit-contract', 'advertising'],
        dataCategories: ['iin'],
        recipients: ['advertising-partners'],
        occurredAt: at(2 * HOUR),
      }),
      ['lending-core'],
    );
    expect(granted.status).toBe(201);
    const withdrawn = await send(
      instance,
      'POST',
      '/v1/withdrawals',
      withdrawalRequest(iin, { purposes: ['advertising'] }, at(HOUR)),
      ['lending-core'],
    );
    expect(withdrawn.status).toBe(200);
    return granted.body.subjectId as string;
  }

  beforeAll(async () => {
    const url = await receiver.start();
    double = await startEsdbDouble({ batchAppend: true, caughtUp: true });
    schema = await freshSchema('deliverer');
    const env = {
      NODE_ENV: 'test',
      LEDGER_EVENTSTORE_URL: double.connectionString,
      LEDGER_KEY_STORE_URL: schema.url,
      LEDGER_PSEUDONYM_KEY: randomBytes(32).toString('hex'),
      LEDGER_MASTER_KEY: randomBytes(32).toString('hex'),
      LEDGER_CHECKPOINT_INTERVAL_SECONDS: '0',
      LEDGER_RETENTION_SWEEP_HOURS: '0',
      LEDGER_DEADLINE_WATCH_MINUTES: '0',
      LEDGER_LOG_LEVEL: 'warn',
      LEDGER_API_DOCS: 'off',
      LEDGER_WEBHOOK_POLL_MS: '50',
      LEDGER_WEBHOOK_DELIVERER_POLL_MS: String(DELIVERER_POLL_MS),
    };
    for (let i = 0; i < 3; i++) {
      const dir = mkdtempSync(join(tmpdir(), `ledger-deliverer-${i}-`));
      if (i === 0) identityProviderKey = developmentKey(dir);
      else copyFileSync(join(instances[0].dir, DEVELOPMENT_KEY_FILE), join(dir, DEVELOPMENT_KEY_FILE));
      instances.push({ dir, port: await freePort() });
    }
    const children = await Promise.all(instances.map((i) => startBuiltService(i.dir, i.port, env)));
    children.forEach((child, i) => (instances[i].child = child));
    const published = await send(0, 'POST', '/v1/policies/privacy/versions', policyVersionRequest(at(7 * 24 * HOUR)));
    expect(published.status).toBe(201);
    const configured = await send(1, 'POST', '/v1/webhooks/subscribers', {
      url,
      eventTypes: ['consent.withdrawn'],
      secret: `whsec_${randomBytes(32).toString('base64')}`,
    });
    expect(configured.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    for (const instance of instances) await stopAndRemove(instance.child, instance.dir);
    await receiver.close();
    await double?.stop();
    await schema?.drop();
  });

  it('delivers each notification from one instance, and another takes over when that one is killed', async () => {
    await until('one instance says it delivers', async () => (await deliverers()).some((d) => d.ready));
    const before = await deliverers();
    const deliverer = before.find((d) => d.ready)!.instance;
    // Exactly one says so, in readiness and in the gauge alike.
    expect(before).toEqual([0, 1, 2].map((i) => ({ instance: i, ready: i === deliverer, gauge: i === deliverer })));

    // Withdrawn through an instance that does not deliver: the deliverer sends it, alone.
    const first = await withdrawal((deliverer + 1) % 3);
    await until('the first withdrawal arrives', () => receiver.received.some((r) => r.subjectId === first));
    await sleep(QUIET_MS);
    expect(receiver.received.filter((r) => r.subjectId === first)).toHaveLength(1);

    const killedAt = Date.now();
    instances[deliverer].child!.kill('SIGKILL');
    await exited(instances[deliverer].child!);
    instances[deliverer].child = undefined;
    const survivor = (deliverer + 1) % 3;
    const second = await withdrawal(survivor);
    await until('the second withdrawal arrives', () => receiver.received.some((r) => r.subjectId === second));
    const tookMs = Date.now() - killedAt;
    await sleep(QUIET_MS);
    process.stdout.write(
      `webhook deliverer: the next notification arrived ${tookMs} ms after the deliverer was killed\n`,
    );
    // Bounded by a few of the others' tries at the lock.
    expect(tookMs).toBeLessThan(10 * DELIVERER_POLL_MS + 3000);

    // Nothing sent twice: the new deliverer went on from where the killed one had got to.
    expect(receiver.received.map((r) => r.subjectId)).toEqual([first, second]);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(2);
    const attempts = await send(survivor, 'GET', '/v1/webhooks/attempts', undefined, ['auditor']);
    expect(
      attempts.body.attempts.map((a: { subjectId: string; outcome: string; attempt: number }) => [
        a.subjectId,
        a.outcome,
        a.attempt,
      ]),
    ).toEqual([
      [first, 'delivered', 1],
      [second, 'delivered', 1],
    ]);
    const after = await deliverers();
    expect(after.filter((d) => d.ready)).toHaveLength(1);
    expect(after.filter((d) => d.gauge)).toHaveLength(1);
  }, 30_000);
});
