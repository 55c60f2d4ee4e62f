import { randomBytes } from 'node:crypto';
import { StoreUnavailableError } from '@ledger/event-store';
import { KEY_STORE_MIGRATIONS, PgKeyStore } from '../../libs/personal-data/src/pg-key-store';
import { freePort } from '../support/service-process';
import { freshSchema, PostgresSchema } from '../support/shared-services';

/** What only the PostgreSQL adapter has: migrations, group commits, what a row keeps, an unreachable server. */
describe('the PostgreSQL key store', () => {
  const masterKey = randomBytes(32);
  let schema: PostgresSchema;
  const stores: PgKeyStore[] = [];
  const open = async (options: Partial<ConstructorParameters<typeof PgKeyStore>[0]> = {}) => {
    const store = await PgKeyStore.open({ connectionString: schema.url, masterKey, ...options });
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    schema = await freshSchema('pg');
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await schema.drop();
  });

  it('migrates a new schema once, however many instances start together, and again changes nothing', async () => {
    await Promise.all([open(), open(), open()]);
    const versions = async () =>
      (await schema.query<{ version: number }>('SELECT version FROM key_store_migrations ORDER BY version')).map(
        (r) => r.version,
      );
    expect(await versions()).toEqual(KEY_STORE_MIGRATIONS.map((m) => m.version));
    const tables = await schema.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema.name],
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'data_keys',
      'key_store_keys',
      'key_store_migrations',
      'subject_links',
    ]);
    // Vacuumed after any destruction, not after a fifth of the table has died (docs/privacy.md).
    const options = await schema.query<{ relname: string; reloptions: string[] }>(
      `SELECT relname, reloptions FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind = 'r' ORDER BY relname`,
      [schema.name],
    );
    for (const table of options.filter((t) => ['data_keys', 'subject_links'].includes(t.relname))) {
      expect(table.reloptions).toEqual(
        expect.arrayContaining(['autovacuum_vacuum_scale_factor=0', 'autovacuum_vacuum_threshold=0']),
      );
    }
    const store = await open();
    await store.dataKeyFor(randomBytes(16).toString('hex'));
    expect(await versions()).toEqual(KEY_STORE_MIGRATIONS.map((m) => m.version));
  });

  it('refuses an instance whose pseudonym or master key is not the one the store was made with', async () => {
    const pseudonymKey = randomBytes(32);
    await open({ pseudonymKey });
    await open({ pseudonymKey });
    // It would miss every person by their IIN and make them anew, beside the one the others know.
    await expect(
      PgKeyStore.open({ connectionString: schema.url, masterKey, pseudonymKey: randomBytes(32) }),
    ).rejects.toThrow(/LEDGER_PSEUDONYM_KEY is not the one the shared key store was made with/);
    // Its keys could not be opened by the others, nor theirs by it.
    await expect(
      PgKeyStore.open({ connectionString: schema.url, masterKey: randomBytes(32), pseudonymKey }),
    ).rejects.toThrow(/LEDGER_MASTER_KEY is not the one the shared key store was made with/);
  });

  it('refuses a schema a newer ledger migrated', async () => {
    await open();
    await schema.query('INSERT INTO key_store_migrations (version) VALUES (99)');
    await expect(PgKeyStore.open({ connectionString: schema.url, masterKey })).rejects.toThrow(
      /version 99, newer than this ledger knows/,
    );
  });

  it('writes the keys and links asked for together in one statement', async () => {
    const batches: number[] = [];
    const store = await open({ onBatch: (size) => batches.push(size) });
    const owners = Array.from({ length: 100 }, () => randomBytes(16).toString('hex'));
    await Promise.all(
      owners.map((o, i) => (i % 2 ? store.dataKeyFor(o) : store.link(randomBytes(16).toString('hex'), o))),
    );
    expect(batches.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect(batches.length).toBeLessThan(100);
    const [{ count }] = await schema.query<{ count: string }>('SELECT count(*) FROM data_keys');
    expect(Number(count)).toBe(100);
  });

  it('keeps keys only wrapped, and after a destruction a row with no key and no link', async () => {
    const store = await open();
    const [digest, owner] = [randomBytes(16).toString('hex'), randomBytes(16).toString('hex')];
    await store.link(digest, owner);
    const key = await store.dataKeyFor(owner);
    const [row] = await schema.query<{ wrapped: Buffer }>('SELECT wrapped FROM data_keys WHERE owner = $1', [owner]);
    expect(row.wrapped.includes(key.key)).toBe(false);
    await store.destroy(owner, '2026-01-02T03:04:05.000Z');
    expect(await schema.query('SELECT * FROM data_keys WHERE owner = $1', [owner])).toEqual([
      expect.objectContaining({
        owner,
        key_id: null,
        wrapped: null,
        iv: null,
        tag: null,
        master_key_id: null,
        destroyed_at: '2026-01-02T03:04:05.000Z',
      }),
    ]);
    expect(await schema.query('SELECT * FROM subject_links WHERE subject_id = $1', [owner])).toEqual([]);
  });

  it('never lets a key made on one instance outlive its destruction on another, however they race', async () => {
    const [a, b] = [await open(), await open()];
    for (let i = 0; i < 25; i++) {
      const owner = randomBytes(16).toString('hex');
      await Promise.all([a.destroy(owner, '2026-01-02T03:04:05.000Z'), b.dataKeyFor(owner).catch(() => undefined)]);
      expect(await a.find(owner)).toBe('destroyed');
      expect(await b.find(owner)).toBe('destroyed');
    }
  });

  it('fails with store-unavailable (unreachable), not a crash, when the server cannot be reached', async () => {
    const port = await freePort();
    const store = new PgKeyStore({ connectionString: `postgres://postgres@127.0.0.1:${port}/test`, masterKey });
    try {
      const failure = await store.subjectOf('00').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StoreUnavailableError);
      expect(failure).toMatchObject({ failure: 'unreachable' });
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.dataKeyFor('ab')).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await store.close();
    }
  });
});
