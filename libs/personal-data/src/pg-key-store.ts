import type { Pool, PoolClient } from 'pg';
import { StoreFailure, StoreUnavailableError } from '@ledger/event-store';
import { KeyDestroyedError, KeyStore } from './key-store';
import { keyFingerprints, KeyStoreKeysDiffer } from './key-fingerprints';
import { masterKeyIdOf, newWrappedKey, unwrapKey, WrappedKey } from './key-wrapping';
import { DataKey } from './sealing';

export interface PgKeyStoreOptions {
  /**
   * `postgres://user@host:5432/db`. The tables go in the connection's current schema: pick one with
   * `?options=-c%20search_path%3Dledger_keys` (the schema must exist).
   */
  readonly connectionString: string;
  readonly masterKey: Buffer;
  /**
   * The key the pseudonyms are made with. The store remembers a fingerprint of it (and of the master
   * key) the first time, and refuses an instance whose keys differ: its look-ups would miss every
   * person and make them anew, and other instances could not open the keys it wrapped.
   */
  readonly pseudonymKey?: Buffer;
  /** Told the size of every group commit (for metrics and tests). */
  readonly onBatch?: (size: number) => void;
}

/** Each migration runs once, in order, in the transaction that records it. */
export const KEY_STORE_MIGRATIONS: readonly { readonly version: number; readonly sql: string }[] = [
  {
    version: 1,
    sql: `
      -- A destroyed key keeps its row with the key columns emptied: the primary key then makes sure
      -- no writer can make that person's key again, whatever races the destruction.
      CREATE TABLE data_keys (
        owner         TEXT PRIMARY KEY,
        key_id        TEXT,
        wrapped       BYTEA,
        iv            BYTEA,
        tag           BYTEA,
        master_key_id TEXT,
        created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
        destroyed_at  TEXT,
        CONSTRAINT data_keys_held_or_destroyed CHECK (
          (destroyed_at IS NULL) =
          (key_id IS NOT NULL AND wrapped IS NOT NULL AND iv IS NOT NULL AND tag IS NOT NULL AND master_key_id IS NOT NULL)
        )
      );
      CREATE TABLE subject_links (
        iin_digest TEXT PRIMARY KEY,
        subject_id TEXT NOT NULL UNIQUE,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 2,
    sql: `
      -- A destroyed key's old row version stays until vacuumed: autovacuum takes these tables up after
      -- any destruction (one dead row is enough), not after a fifth of the table has died.
      ALTER TABLE data_keys SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 0);
      ALTER TABLE subject_links SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 0);
    `,
  },
  {
    version: 3,
    sql: `
      -- Fingerprints of the keys the store was made with (never the keys): every instance must share them.
      CREATE TABLE key_store_keys (
        name        TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL
      );
    `,
  },
];

/**
 * How long a statement may go unanswered before it counts as the server being away: a server that
 * hangs, or a network that drops packets, refuses nothing, and without a bound every command waiting
 * on a key would hang with it (TCP gives up only after many minutes). A write that times out is not
 * acknowledged, so nothing is answered 2xx on it; should it land later, a retry finds what it made.
 */
const PG_QUERY_TIMEOUT_MS = 5000;

/** Taken by every migration run, so that instances starting together migrate one after another. */
const MIGRATION_LOCK = 0x6c6564676572; // "ledger"

/** A key to make; with `iinDigest`, a link to make with it (the key only if the link lands). */
interface WriteRequest {
  readonly owner: string;
  readonly iinDigest?: string;
  readonly row: WrappedKey;
}

type Write = WriteRequest & { readonly resolve: () => void; readonly reject: (e: unknown) => void };

/**
 * Writes a batch in one statement: the links first (a link another writer made keeps its subject),
 * then a key for every owner asked for by `dataKeyFor` and every owner whose link landed — never for a
 * destroyed owner, whose row holds the primary key.
 */
const WRITE_BATCH = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::bytea[], $6::bytea[])
      AS i(owner, iin_digest, key_id, wrapped, iv, tag)
  ), linked AS (
    INSERT INTO subject_links (iin_digest, subject_id)
    SELECT iin_digest, owner FROM input
    WHERE iin_digest IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM data_keys d WHERE d.owner = input.owner AND d.destroyed_at IS NOT NULL)
    ON CONFLICT DO NOTHING
    RETURNING subject_id
  )
  INSERT INTO data_keys (owner, key_id, wrapped, iv, tag, master_key_id)
  SELECT owner, key_id, wrapped, iv, tag, $7 FROM input
  WHERE iin_digest IS NULL OR owner IN (SELECT subject_id FROM linked)
  ON CONFLICT (owner) DO NOTHING`;

/**
 * Key and link go in one statement (one transaction), and the destruction is a committed fact the
 * moment the call returns: the row keeps only `destroyed_at`. PostgreSQL still holds the old row
 * version until VACUUM, and in its WAL and backups — docs/privacy.md says what the operator must do.
 */
const DESTROY = `
  WITH unlinked AS (DELETE FROM subject_links WHERE subject_id = $1)
  INSERT INTO data_keys (owner, destroyed_at) VALUES ($1, $2)
  ON CONFLICT (owner) DO UPDATE
    SET key_id = NULL, wrapped = NULL, iv = NULL, tag = NULL, master_key_id = NULL,
        destroyed_at = COALESCE(data_keys.destroyed_at, EXCLUDED.destroyed_at)`;

interface KeyRow {
  key_id: string | null;
  wrapped: Buffer | null;
  iv: Buffer | null;
  tag: Buffer | null;
  master_key_id: string | null;
  destroyed_at: string | null;
}

/**
 * Data keys and IIN links in PostgreSQL, shared by every ledger instance. Keys are wrapped under the
 * master key as in the SQLite store. New keys and links asked for while a batch is being written go
 * together in the next one (a group commit: one round trip and one WAL flush for all), and each is
 * durable (synchronous_commit on) before any event sealed with it is written. Nothing is cached: a key
 * destroyed through one instance is gone for every instance at once.
 */
export class PgKeyStore implements KeyStore {
  private readonly pool: Pool;
  private readonly masterKeyId: string;
  private pending: Write[] = [];
  private scheduled = false;
  private inFlight?: Promise<void>;
  private migrated?: Promise<void>;
  private closed = false;

  constructor(private readonly options: PgKeyStoreOptions) {
    this.masterKeyId = masterKeyIdOf(options.masterKey);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured: the embedded ledger never needs it
    const { Pool: PgPool } = require('pg') as typeof import('pg');
    this.pool = new PgPool({
      connectionString: options.connectionString,
      max: 10,
      connectionTimeoutMillis: 3000,
      query_timeout: PG_QUERY_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      application_name: 'consent-ledger',
      // A key is on disk (and on synchronous standbys) before the call returns, whatever the server's default.
      onConnect: async (client) => {
        await client.query('SET synchronous_commit TO on');
      },
    });
    // An idle connection that breaks is dropped by the pool; without a listener it would end the process.
    this.pool.on('error', () => undefined);
  }

  /** Opens the store and brings its schema up to date (waiting for another instance migrating it). */
  static async open(options: PgKeyStoreOptions): Promise<PgKeyStore> {
    const store = new PgKeyStore(options);
    try {
      await store.ready();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  async subjectOf(iinDigest: string): Promise<string | undefined> {
    const rows = await this.query<{ subject_id: string }>(
      'SELECT subject_id FROM subject_links WHERE iin_digest = $1',
      [iinDigest],
    );
    return rows[0]?.subject_id;
  }

  async link(iinDigest: string, subjectId: string): Promise<string> {
    const existing = await this.subjectOf(iinDigest);
    if (existing) return existing;
    await this.enqueue({ owner: subjectId, iinDigest, row: newWrappedKey(this.options.masterKey, subjectId) });
    // Another instance, or another write in the same batch, may have linked it first.
    const linked = await this.subjectOf(iinDigest);
    if (!linked) throw new KeyDestroyedError(subjectId);
    return linked;
  }

  async dataKeyFor(owner: string): Promise<DataKey> {
    const found = await this.find(owner);
    if (found === 'destroyed') throw new KeyDestroyedError(owner);
    if (found) return found;
    await this.enqueue({ owner, row: newWrappedKey(this.options.masterKey, owner) });
    const stored = await this.find(owner);
    if (!stored || stored === 'destroyed') throw new KeyDestroyedError(owner);
    return stored;
  }

  async find(owner: string): Promise<DataKey | 'destroyed' | undefined> {
    const [row] = await this.query<KeyRow>(
      'SELECT key_id, wrapped, iv, tag, master_key_id, destroyed_at FROM data_keys WHERE owner = $1',
      [owner],
    );
    if (!row) return undefined;
    if (row.destroyed_at !== null || !row.wrapped || !row.iv || !row.tag || !row.key_id) return 'destroyed';
    if (row.master_key_id !== this.masterKeyId)
      throw new Error(`the data key of ${owner} is wrapped under another master key`);
    return unwrapKey(this.options.masterKey, owner, {
      keyId: row.key_id,
      wrapped: row.wrapped,
      iv: row.iv,
      tag: row.tag,
    });
  }

  async destroy(owner: string, at: string): Promise<void> {
    await this.query(DESTROY, [owner, at]);
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Writes already asked for are finished before the connections go.
    while (this.inFlight || this.pending.length > 0) await (this.inFlight ?? this.startFlush());
    await this.pool.end();
  }

  /** Runs the migrations once; a failed attempt (the server was down) is tried again by the next call. */
  private ready(): Promise<void> {
    if (!this.migrated) {
      this.migrated = this.migrate().catch((error: unknown) => {
        this.migrated = undefined;
        throw error;
      });
    }
    return this.migrated;
  }

  private async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const schema = (await client.query<{ schema: string | null }>('SELECT current_schema() AS schema')).rows[0]
        .schema;
      // Not ready until the operator acts (a 503 with retry advice, as when the server is away), not a 500.
      if (!schema)
        throw new StoreUnavailableError(
          'not-ready',
          'key store: it has no schema to create its tables in: create the one named in search_path',
        );
      await client.query(
        'CREATE TABLE IF NOT EXISTS key_store_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      const applied = new Set(
        (await client.query<{ version: number }>('SELECT version FROM key_store_migrations')).rows.map(
          (r) => r.version,
        ),
      );
      const newest = Math.max(0, ...applied);
      const known = KEY_STORE_MIGRATIONS[KEY_STORE_MIGRATIONS.length - 1].version;
      if (newest > known) {
        throw new StoreUnavailableError(
          'not-ready',
          `key store: its schema is at version ${newest}, newer than this ledger knows (${known}): upgrade the ledger`,
        );
      }
      for (const migration of KEY_STORE_MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query('INSERT INTO key_store_migrations (version) VALUES ($1)', [migration.version]);
      }
      await this.checkKeys(client);
    });
  }

  /** The first instance records its keys' fingerprints; every later one must match them. */
  private async checkKeys(client: PoolClient): Promise<void> {
    for (const { name, fingerprint, setting } of keyFingerprints(this.masterKeyId, this.options.pseudonymKey)) {
      await client.query(
        'INSERT INTO key_store_keys (name, fingerprint) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
        [name, fingerprint],
      );
      const [row] = (
        await client.query<{ fingerprint: string }>('SELECT fingerprint FROM key_store_keys WHERE name = $1', [name])
      ).rows;
      if (row.fingerprint !== fingerprint) {
        throw new KeyStoreKeysDiffer(
          `key store: this instance's ${setting} is not the one the shared key store was made with; ` +
            'every instance must have the same',
        );
      }
    }
  }

  private async query<R extends object = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<R[]> {
    try {
      await this.ready();
      return (await this.pool.query<R>(sql, values)).rows;
    } catch (error) {
      throw toPgStoreFailure(error);
    }
  }

  private async transaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw toPgStoreFailure(error);
    });
    let failed: Error | undefined;
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      failed = error instanceof Error ? error : new Error(String(error));
      await client.query('ROLLBACK').catch(() => undefined);
      throw toPgStoreFailure(error);
    } finally {
      // A connection that failed (a statement timed out, it broke) is closed, not handed out again.
      client.release(failed);
    }
  }

  private enqueue(write: WriteRequest): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the key store is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ ...write, resolve, reject });
      this.schedule();
    });
  }

  /** The next batch starts once this tick's requests are in and the batch before has finished. */
  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.inFlight && this.pending.length > 0) void this.startFlush();
    });
  }

  private startFlush(): Promise<void> {
    const flush = this.flush().finally(() => {
      this.inFlight = undefined;
      if (this.pending.length > 0) this.schedule();
    });
    this.inFlight = flush;
    return flush;
  }

  /** One statement for everything asked for since the last one. */
  private async flush(): Promise<void> {
    const writes = this.pending;
    this.pending = [];
    if (writes.length === 0) return;
    try {
      this.options.onBatch?.(writes.length);
      await this.query(WRITE_BATCH, [
        writes.map((w) => w.owner),
        writes.map((w) => w.iinDigest ?? null),
        writes.map((w) => w.row.keyId),
        writes.map((w) => w.row.wrapped),
        writes.map((w) => w.row.iv),
        writes.map((w) => w.row.tag),
        this.masterKeyId,
      ]);
      for (const w of writes) w.resolve();
    } catch (error) {
      for (const w of writes) w.reject(error);
    }
  }
}

/** SQLSTATE classes and socket errors a caller can only wait out, as the event store names them. */
function pgFailureOf(error: unknown): StoreFailure | undefined {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : '';
  if (typeof code === 'string') {
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EPIPE|EAI_AGAIN)$/.test(code)) {
      return 'unreachable';
    }
    if (code.startsWith('08') || code === '57P01' || code === '57P02') return 'unreachable';
    if (code === '57P03') return 'not-ready';
    if (code === '53300' || code === '40001' || code === '40P01' || code === '55P03' || code === '57014') return 'busy';
    if (code === '53100') return 'disk-full';
    if (code === '58030' || code.startsWith('53')) return 'io';
    if (code === 'XX001' || code === 'XX002') return 'damaged';
  }
  if (/Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Query read timeout/i.test(message)) {
    return 'unreachable';
  }
  return undefined;
}

function toPgStoreFailure(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const failure = pgFailureOf(error);
  if (!failure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(failure, `key store: ${message}`, { cause: error });
}
