import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { developmentKey, DEVELOPMENT_KEY_FILE } from '../../apps/ledger/src/auth/auth-config';
import { loadConfig } from '../../apps/ledger/src/config/ledger-config';
import { REDIS_NAMESPACE } from '../../apps/ledger/src/auth/rate-limits';
import { freePort } from '../support/service-process';
import { key, Ledger, newIin, removeDir, startLedger } from '../support/ledger-harness';
import { connectRedis, freshSchema, PostgresSchema, REDIS_URL } from '../support/shared-services';

/**
 * The components several instances share — the key store on PostgreSQL, the rate-limit counters on
 * Redis — as one ledger process sees them: chosen by configuration, reported by readiness, and failing
 * as store-unavailable (never a crash, never an unlimited budget) when they are away.
 */
describe('shared components', () => {
  let schema: PostgresSchema;
  const ledgers: Ledger[] = [];
  const dirs: string[] = [];

  /** A data folder holding the same development identity-provider key as every other in this test. */
  function folder(): string {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-shared-'));
    if (dirs.length === 0) developmentKey(dir);
    else copyFileSync(join(dirs[0], DEVELOPMENT_KEY_FILE), join(dir, DEVELOPMENT_KEY_FILE));
    dirs.push(dir);
    return dir;
  }

  async function start(env: Record<string, string>): Promise<Ledger> {
    const ledger = await startLedger(undefined, { dir: folder(), env });
    ledgers.push(ledger);
    return ledger;
  }

  beforeAll(async () => {
    schema = await freshSchema('shared');
    (await connectRedis()).disconnect();
  });
  // Each test's ledgers close with it: a dozen apps left open hold a dozen sets of signal listeners.
  afterEach(async () => {
    for (const ledger of ledgers.splice(0)) await ledger.close();
  });
  afterAll(async () => {
    for (const dir of dirs) removeDir(dir);
    await schema.drop();
  });

  it('refuses a setting that is not a URL of the right kind', () => {
    const base = { NODE_ENV: 'test', LEDGER_DATA_DIR: folder() };
    expect(() => loadConfig({ ...base, LEDGER_KEY_STORE_URL: 'mysql://db/keys' })).toThrow(
      /LEDGER_KEY_STORE_URL must be a postgres:\/\/… or postgresql:\/\/… URL/,
    );
    expect(() => loadConfig({ ...base, LEDGER_RATE_LIMIT_REDIS_URL: 'not a url' })).toThrow(
      /LEDGER_RATE_LIMIT_REDIS_URL is not a URL/,
    );
    const esdb = { ...base, LEDGER_EVENTSTORE_URL: 'esdb://127.0.0.1:2113?tls=false' };
    expect(loadConfig(esdb).warnings).toEqual([expect.stringContaining('run one instance only')]);
    expect(
      loadConfig({ ...esdb, LEDGER_KEY_STORE_URL: schema.url, LEDGER_RATE_LIMIT_REDIS_URL: REDIS_URL }).warnings,
    ).toEqual([]);
  });

  it('keeps keys in PostgreSQL and counts in Redis when told to, and readiness names both', async () => {
    const ledger = await start({ LEDGER_KEY_STORE_URL: schema.url, LEDGER_RATE_LIMIT_REDIS_URL: REDIS_URL });
    const iin = newIin();
    const loan = await ledger.command('/v1/loans/signed', key('loan'), {
      iin,
      loanId: 'L-1',
      occurredAt: ledger.clock.now(),
    });
    expect(loan.status).toBe(201);
    expect(await schema.query('SELECT subject_id FROM subject_links')).toEqual([{ subject_id: loan.body.subjectId }]);
    const ready = await ledger.request('GET', '/health/ready', undefined, {}, ['operator']);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'up',
      keyStore: { kind: 'postgres', reachable: true },
      rateLimits: { kind: 'redis', reachable: true },
    });
  });

  it('says the embedded defaults are in use: SQLite keys, counters in memory', async () => {
    const ledger = await start({});
    const ready = await ledger.request('GET', '/health/ready', undefined, {}, ['operator']);
    expect(ready.body).toMatchObject({
      status: 'up',
      keyStore: { kind: 'sqlite', reachable: true },
      rateLimits: { kind: 'memory', reachable: true },
    });
  });

  it('holds one IIN budget across two instances sharing Redis, where counters in memory would not', async () => {
    const budget = { LEDGER_RATE_LIMIT_PER_MINUTE: '100', LEDGER_RATE_LIMIT_IIN_PER_MINUTE: '4' };
    const shared = [
      await start({ ...budget, LEDGER_RATE_LIMIT_REDIS_URL: REDIS_URL }),
      await start({ ...budget, LEDGER_RATE_LIMIT_REDIS_URL: REDIS_URL }),
    ];
    const apart = [await start(budget), await start(budget)];
    const guesses = async (pair: Ledger[]) => {
      const sub = `guesser-${process.pid}-${Date.now()}-${Math.random()}`;
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const ledger = pair[i % 2];
        const token = await ledger.token(['lending-core'], sub);
        const reply = await ledger.request(
          'POST',
          '/v1/subjects/resolve',
          { iin: newIin() },
          {
            authorization: `Bearer ${token}`,
          },
        );
        statuses.push(reply.status);
      }
      return statuses;
    };
    expect(await guesses(shared)).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);
    expect(await guesses(apart)).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
    const redis = await connectRedis();
    try {
      expect((await redis.keys(`${REDIS_NAMESPACE}iin:*`)).length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });

  it('counts in Redis from the first request, even when the connection to it is slow to open', async () => {
    // A path to Redis that holds each new connection 400 ms before passing bytes either way.
    const redisPort = Number(new URL(REDIS_URL).port || 6379);
    const slow = createServer((client) => {
      const upstream = connect(redisPort, '127.0.0.1');
      client.pause();
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      setTimeout(() => {
        client.pipe(upstream).pipe(client);
        client.resume();
      }, 400);
    });
    await new Promise<void>((listening) => slow.listen(0, '127.0.0.1', listening));
    try {
      const url = `redis://127.0.0.1:${(slow.address() as AddressInfo).port}`;
      const budget = { LEDGER_RATE_LIMIT_PER_MINUTE: '100', LEDGER_RATE_LIMIT_IIN_PER_MINUTE: '2' };
      const pair = [
        await start({ ...budget, LEDGER_RATE_LIMIT_REDIS_URL: url }),
        await start({ ...budget, LEDGER_RATE_LIMIT_REDIS_URL: url }),
      ];
      const sub = `early-${process.pid}-${Date.now()}`;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const ledger = pair[i % 2];
        const reply = await ledger.request(
          'POST',
          '/v1/subjects/resolve',
          { iin: newIin() },
          { authorization: `Bearer ${await ledger.token(['lending-core'], sub)}` },
        );
        statuses.push(reply.status);
      }
      // Counted locally while connecting, each instance would have let two through: 200 × 4.
      expect(statuses).toEqual([200, 200, 429, 429]);
    } finally {
      for (const ledger of ledgers.splice(-2)) await ledger.close();
      slow.close();
    }
  });

  it('is not ready while PostgreSQL or Redis cannot be reached, and readiness says which', async () => {
    const [pgPort, redisPort] = [await freePort(), await freePort()];
    const ledger = await start({
      LEDGER_KEY_STORE_URL: `postgres://postgres@127.0.0.1:${pgPort}/test`,
      LEDGER_RATE_LIMIT_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      LEDGER_RATE_LIMIT_PER_MINUTE: '100',
    });
    const ready = await ledger.request('GET', '/health/ready', undefined, {}, ['operator']);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({
      status: 'down',
      eventStore: { kind: 'sqlite', reachable: true },
      keyStore: { kind: 'postgres', reachable: false },
      rateLimits: { kind: 'redis', reachable: false },
    });
    const probe = await ledger.request('GET', '/health/probe', undefined, {}, null);
    expect({ status: probe.status, body: probe.body }).toEqual({ status: 503, body: { status: 'not-ready' } });
  });

  it('keeps a budget per instance while Redis is away: never unlimited, and the ledger keeps recording', async () => {
    const ledger = await start({
      LEDGER_RATE_LIMIT_REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      LEDGER_RATE_LIMIT_PER_MINUTE: '100',
      LEDGER_RATE_LIMIT_IIN_PER_MINUTE: '3',
    });
    const token = await ledger.token(['lending-core'], `away-${process.pid}`);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await ledger.request(
        'POST',
        '/v1/loans/signed',
        { iin: newIin(), loanId: `L-${i}`, occurredAt: ledger.clock.now() },
        { authorization: `Bearer ${token}`, 'idempotency-key': key('loan') },
      );
      statuses.push(reply.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });

  it('answers 503 store-unavailable when only the key store is away, and writes nothing', async () => {
    const ledger = await start({ LEDGER_KEY_STORE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/test` });
    const head = await ledger.store.headPosition();
    const refused = await ledger.command('/v1/loans/signed', key('loan'), {
      iin: newIin(),
      loanId: 'L-3',
      occurredAt: ledger.clock.now(),
    });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'store-unavailable', failure: 'unreachable' });
    expect(await ledger.store.headPosition()).toEqual(head);
  });

  it('answers 503 store-unavailable, not 500, while the key store cannot be set up in the schema it names', async () => {
    const missing = `${schema.name}_never_made`;
    const ledger = await start({
      LEDGER_KEY_STORE_URL: schema.url.replace(encodeURIComponent(schema.name), encodeURIComponent(missing)),
    });
    const head = await ledger.store.headPosition();
    const refused = await ledger.command('/v1/loans/signed', key('loan'), {
      iin: newIin(),
      loanId: 'L-4',
      occurredAt: ledger.clock.now(),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.body).toMatchObject({ code: 'store-unavailable', failure: 'not-ready' });
    expect(await ledger.store.headPosition()).toEqual(head);
  });

  it('refuses to start beside instances whose pseudonym key differs, naming the setting', async () => {
    const shared = await freshSchema('keys_differ');
    const env = { LEDGER_KEY_STORE_URL: shared.url, LEDGER_MASTER_KEY: randomBytes(32).toString('hex') };
    try {
      await start({ ...env, LEDGER_PSEUDONYM_KEY: randomBytes(32).toString('hex') });
      await expect(start({ ...env, LEDGER_PSEUDONYM_KEY: randomBytes(32).toString('hex') })).rejects.toThrow(
        /LEDGER_PSEUDONYM_KEY is not the one the shared key store was made with/,
      );
      // Refused before it opened its log: no store, writer thread or read side left behind (they kept
      // the test process from exiting).
      expect(existsSync(join(dirs[dirs.length - 1], 'events.sqlite'))).toBe(false);
    } finally {
      for (const ledger of ledgers.splice(-1)) await ledger.close();
      await shared.drop();
    }
  });
});
