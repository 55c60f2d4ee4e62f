import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { developmentKey, DEVELOPMENT_KEY_FILE } from '../../apps/ledger/src/auth/auth-config';
import { key, Ledger, newIin, removeDir, Reply, startLedger } from '../support/ledger-harness';
import { connectRedis, freshSchema, PostgresSchema, POSTGRES_URL, REDIS_URL } from '../support/shared-services';
import { StallingProxy } from '../support/stalling-proxy';
import { loadEsdbEventStore } from '@ledger/event-store';
import { EsdbDouble, startEsdbDouble } from '../esdb-double/esdb-double';
import { until } from '../support/webhook-receiver';

/**
 * A shared component that stops answering without going away — a network dropping packets, a server
 * hung on its disk — is the hard case: nothing refuses the connection, so nothing fails by itself.
 * The ledger must still answer every request in bounded time (counting locally, or 503
 * store-unavailable), and work again, losing nothing, once the path heals.
 */
describe('shared components that stall', () => {
  let schema: PostgresSchema;
  const dirs: string[] = [];
  const ledgers: Ledger[] = [];
  const proxies: StallingProxy[] = [];

  function folder(): string {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-stalled-'));
    if (dirs.length === 0) developmentKey(dir);
    else copyFileSync(join(dirs[0], DEVELOPMENT_KEY_FILE), join(dir, DEVELOPMENT_KEY_FILE));
    dirs.push(dir);
    return dir;
  }

  async function proxyTo(url: string, defaultPort: number): Promise<{ proxy: StallingProxy; port: number }> {
    const target = new URL(url);
    const proxy = new StallingProxy({ host: target.hostname, port: Number(target.port || defaultPort) });
    proxies.push(proxy);
    return { proxy, port: await proxy.start() };
  }

  /** The reply, or 'no answer' when none came within `ms`. */
  async function within(ms: number, reply: Promise<Reply>): Promise<Reply | 'no answer'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'no answer'>((resolve) => (timer = setTimeout(() => resolve('no answer'), ms)));
    try {
      return await Promise.race([reply, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  beforeAll(async () => {
    schema = await freshSchema('stalled');
    (await connectRedis()).disconnect();
  });
  afterEach(async () => {
    for (const proxy of proxies) proxy.resume();
    for (const ledger of ledgers.splice(0)) await ledger.close();
    for (const proxy of proxies.splice(0)) await proxy.close();
  });
  afterAll(async () => {
    for (const dir of dirs) removeDir(dir);
    await schema.drop();
  });

  it('answers while Redis hangs, counting in its own memory, and counts in Redis again once it answers', async () => {
    const { proxy, port } = await proxyTo(REDIS_URL, 6379);
    const ledger = await startLedger(undefined, {
      dir: folder(),
      env: {
        LEDGER_RATE_LIMIT_REDIS_URL: `redis://127.0.0.1:${port}`,
        LEDGER_RATE_LIMIT_PER_MINUTE: '100',
        LEDGER_RATE_LIMIT_IIN_PER_MINUTE: '50',
      },
    });
    ledgers.push(ledger);
    const token = await ledger.token(['lending-core'], `stalled-redis-${process.pid}-${Date.now()}`);
    const resolve = () =>
      ledger.request('POST', '/v1/subjects/resolve', { iin: newIin() }, { authorization: `Bearer ${token}` });
    expect((await resolve()).status).toBe(200);

    proxy.stall();
    const started = Date.now();
    const answered = await within(8000, resolve());
    expect(answered).toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeLessThan(4000);
    const ready = await within(8000, ledger.request('GET', '/health/ready', undefined, {}, ['operator']));
    expect(ready).toMatchObject({ status: 503, body: { rateLimits: { kind: 'redis', reachable: false } } });

    proxy.resume();
    const again = await within(8000, ledger.request('GET', '/health/ready', undefined, {}, ['operator']));
    expect(again).toMatchObject({ status: 200, body: { rateLimits: { kind: 'redis', reachable: true } } });
  }, 30_000);

  it('answers 503 store-unavailable while PostgreSQL hangs, and records the same command once it answers', async () => {
    const { proxy, port } = await proxyTo(POSTGRES_URL, 5432);
    const url = new URL(schema.url);
    url.host = `127.0.0.1:${port}`;
    const ledger = await startLedger(undefined, { dir: folder(), env: { LEDGER_KEY_STORE_URL: url.toString() } });
    ledgers.push(ledger);
    const loan = (iin: string, loanId: string) => ({ iin, loanId, occurredAt: ledger.clock.now() });
    const signed = await ledger.command('/v1/loans/signed', key('loan'), loan(newIin(), 'L-1'));
    expect(signed.status).toBe(201);

    proxy.stall();
    const head = await ledger.store.headPosition();
    const retried = { key: key('loan'), body: loan(newIin(), 'L-2') };
    const started = Date.now();
    // A command, the readiness probe and an auditor's read that must open the sealed contract number, at
    // once: each waits out the key store's bound on its own (one after another, the suite waited twice).
    const [refused, ready, read] = await Promise.all([
      within(20_000, ledger.command('/v1/loans/signed', retried.key, retried.body)).then((reply) => {
        expect(Date.now() - started).toBeLessThan(10_000);
        return reply;
      }),
      within(8000, ledger.request('GET', '/health/ready', undefined, {}, ['operator'])),
      within(
        20_000,
        ledger.request('GET', `/v1/subjects/${signed.body.subjectId}/timeline`, undefined, {}, ['auditor']),
      ),
    ]);
    expect(refused).toMatchObject({ status: 503, body: { code: 'store-unavailable' } });
    expect(await ledger.store.headPosition()).toEqual(head);
    expect(ready).toMatchObject({ status: 503, body: { keyStore: { kind: 'postgres', reachable: false } } });
    // The read is refused the same way as the command, never a 500.
    expect(read).toMatchObject({ status: 503, body: { code: 'store-unavailable' } });
    expect((read as Reply).headers['content-type']).toMatch(/^application\/problem\+json/);

    proxy.resume();
    const recorded = await within(20_000, ledger.command('/v1/loans/signed', retried.key, retried.body));
    expect(recorded).toMatchObject({ status: 201 });
    const fresh = await within(20_000, ledger.command('/v1/loans/signed', key('loan'), loan(newIin(), 'L-3')));
    expect(fresh).toMatchObject({ status: 201 });
  }, 60_000);

  it('finishes an erasure whose key store stalled after it was recorded, once the key store answers again', async () => {
    const double: EsdbDouble = await startEsdbDouble({ batchAppend: true, caughtUp: true, writeTimeoutMs: 30_000 });
    // A key store of its own: another test's ledger made the shared one with its own development keys.
    const schema = await freshSchema('erasing');
    try {
      const { proxy, port } = await proxyTo(POSTGRES_URL, 5432);
      const url = new URL(schema.url);
      url.host = `127.0.0.1:${port}`;
      const ledger = await startLedger(undefined, {
        dir: folder(),
        store: await loadEsdbEventStore().connect(double.connectionString),
        env: { LEDGER_EVENTSTORE_URL: double.connectionString, LEDGER_KEY_STORE_URL: url.toString() },
      });
      ledgers.push(ledger);
      const iin = newIin();
      const signed = await ledger.command('/v1/loans/signed', key('loan'), {
        iin,
        loanId: 'L-9',
        occurredAt: ledger.clock.now(),
      });
      expect(signed.status).toBe(201);

      // The erasure is written; the key store stalls before the key and link are destroyed.
      double.holdCommits();
      const erasing = ledger.command('/v1/erasures', key('erase'), {
        iin,
        reason: 'court-decision',
        legalReference: 'Медеуский районный суд г. Алматы, дело 2-5511/2026',
        occurredAt: ledger.clock.now(),
      });
      await until('the erasure is on its way to the log', () => double.log.length > double.log.committed);
      proxy.stall();
      double.commitHeld();
      expect(await erasing).toMatchObject({ status: 503, body: { code: 'store-unavailable' } });
      // The path breaks instead of healing: the destruction that was on its way never arrives.
      proxy.cut();

      // Nobody retried it, yet once the key store answers the IIN leads nowhere: the erased person's
      // pseudonym is not handed out by resolve (Law 94-V Art. 18).
      await until(
        'the erased person is unknown by their IIN',
        async () => (await ledger.request('POST', '/v1/subjects/resolve', { iin })).body?.known === false,
        8000,
      );
      expect(
        await schema.query('SELECT 1 FROM data_keys WHERE owner = $1 AND wrapped IS NULL', [signed.body.subjectId]),
      ).toHaveLength(1);
    } finally {
      for (const ledger of ledgers.splice(0)) await ledger.close();
      await double.stop();
      await schema.drop();
    }
  }, 60_000);
});
