import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { asStoreFailure, toStoreFailure } from '@ledger/event-store';
import { RecentCache } from '@ledger/ledger-log';
import { KeyDestroyedError, KeyStore } from './key-store';
import { masterKeyIdOf, newWrappedKey, unwrapKey, WrappedKey } from './key-wrapping';
import { DataKey } from './sealing';

interface Row {
  key_id: string;
  wrapped: Buffer;
  iv: Buffer;
  tag: Buffer;
  master_key_id: string;
}

type NewKey = WrappedKey & { readonly dataKey: DataKey };
type WriteRequest =
  | { readonly kind: 'key'; readonly owner: string; readonly row: NewKey }
  | { readonly kind: 'link'; readonly iinDigest: string; readonly owner: string; readonly row: NewKey };

/** A write waiting for the next group commit. */
type Write = WriteRequest & { readonly resolve: () => void; readonly reject: (e: unknown) => void };

const CACHED_KEYS = 20_000;

/**
 * Data keys and IIN links in their own SQLite file, keys wrapped (AES-256-GCM) under a master key from
 * configuration. New keys and links made in the same tick are committed together, one fsync for all
 * (they are on disk before any event sealed with them is written). `secure_delete` overwrites a
 * destroyed key's bytes and the WAL is truncated after a destruction, so no old page keeps them.
 * Another connection's commit (`PRAGMA data_version` moves) empties the key cache, so a key
 * destroyed through another store on the same file is never served from memory.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly masterKeyId: string;
  private readonly pending: Write[] = [];
  private readonly cache = new RecentCache<string, DataKey>(CACHED_KEYS);
  /** Links already read (this process is the file's one writer; an erasure drops them). */
  private readonly links = new RecentCache<string, string>(CACHED_KEYS);
  private dataVersion = -1;
  private readonly sql: {
    destroyed: Database.Statement<[string], unknown>;
    key: Database.Statement<[string], Row>;
    insertKey: Database.Statement<[string, string, Buffer, Buffer, Buffer, string, string]>;
    subject: Database.Statement<[string], { subject_id: string }>;
    insertLink: Database.Statement<[string, string, string]>;
    dataVersion: Database.Statement<[], number>;
  };
  /** Answers which writes took effect (a link made first elsewhere, or a destroyed key, did not). */
  private readonly commit: Database.Transaction<(writes: readonly Write[]) => boolean[]>;

  constructor(
    file: string,
    private readonly masterKey: Buffer,
  ) {
    this.masterKeyId = masterKeyIdOf(masterKey);
    if (file !== ':memory:') {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      closeSync(openSync(file, 'a', 0o600));
      chmodSync(file, 0o600);
    }
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS data_keys (
        owner         TEXT PRIMARY KEY,
        key_id        TEXT NOT NULL,
        wrapped       BLOB NOT NULL,
        iv            BLOB NOT NULL,
        tag           BLOB NOT NULL,
        master_key_id TEXT NOT NULL,
        created_at    TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS destroyed_keys (
        owner        TEXT PRIMARY KEY,
        destroyed_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS subject_links (
        iin_digest TEXT PRIMARY KEY,
        subject_id TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      );
    `);
    this.sql = {
      destroyed: this.db.prepare('SELECT 1 FROM destroyed_keys WHERE owner = ?'),
      key: this.db.prepare('SELECT * FROM data_keys WHERE owner = ?'),
      insertKey: this.db.prepare('INSERT OR IGNORE INTO data_keys VALUES (?, ?, ?, ?, ?, ?, ?)'),
      subject: this.db.prepare('SELECT subject_id FROM subject_links WHERE iin_digest = ?'),
      insertLink: this.db.prepare('INSERT OR IGNORE INTO subject_links VALUES (?, ?, ?)'),
      // Prepared once: db.pragma() prepares a statement on every call, and this runs on every lookup.
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    this.commit = this.db.transaction((writes) => {
      const now = new Date().toISOString();
      return writes.map((w) => {
        // A link another writer made first keeps its own key: the loser gets none.
        if (w.kind === 'link' && this.sql.insertLink.run(w.iinDigest, w.owner, now).changes === 0) return false;
        // A destroyed key is never made again.
        if (this.sql.destroyed.get(w.owner)) return false;
        const made = this.sql.insertKey.run(
          w.owner,
          w.row.keyId,
          w.row.wrapped,
          w.row.iv,
          w.row.tag,
          this.masterKeyId,
          now,
        );
        return made.changes > 0;
      });
    });
  }

  async subjectOf(iinDigest: string): Promise<string | undefined> {
    const cached = this.links.get(iinDigest);
    if (cached) return cached;
    const found = this.sql.subject.get(iinDigest)?.subject_id;
    if (found) this.links.set(iinDigest, found);
    return found;
  }

  async link(iinDigest: string, subjectId: string): Promise<string> {
    const existing = await this.subjectOf(iinDigest);
    if (existing) return existing;
    await this.enqueue({ kind: 'link', iinDigest, owner: subjectId, row: this.newKey(subjectId) });
    // Another process, or another write in the same batch, may have linked it first.
    return (await this.subjectOf(iinDigest))!;
  }

  async dataKeyFor(owner: string): Promise<DataKey> {
    const found = await this.find(owner);
    if (found === 'destroyed') throw new KeyDestroyedError(owner);
    if (found) return found;
    await this.enqueue({ kind: 'key', owner, row: this.newKey(owner) });
    const stored = await this.find(owner);
    if (!stored || stored === 'destroyed') throw new KeyDestroyedError(owner);
    return stored;
  }

  async find(owner: string): Promise<DataKey | 'destroyed' | undefined> {
    const version = this.sql.dataVersion.get() as number;
    if (version !== this.dataVersion) {
      this.cache.clear();
      this.dataVersion = version;
    }
    const cached = this.cache.get(owner);
    if (cached) return cached;
    if (this.sql.destroyed.get(owner)) return 'destroyed';
    const row = this.sql.key.get(owner);
    if (!row) return undefined;
    if (row.master_key_id !== this.masterKeyId)
      throw new Error(`the data key of ${owner} is wrapped under another master key`);
    const key = unwrapKey(this.masterKey, owner, { keyId: row.key_id, wrapped: row.wrapped, iv: row.iv, tag: row.tag });
    this.cache.set(owner, key);
    return key;
  }

  async destroy(owner: string, at: string): Promise<void> {
    this.cache.delete(owner);
    for (const [digest, subjectId] of [...this.links.entries()]) if (subjectId === owner) this.links.delete(digest);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM data_keys WHERE owner = ?').run(owner);
      this.db.prepare('DELETE FROM subject_links WHERE subject_id = ?').run(owner);
      this.db.prepare('INSERT OR IGNORE INTO destroyed_keys VALUES (?, ?)').run(owner, at);
    })();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async ping(): Promise<void> {
    asStoreFailure('key store', () => this.db.prepare('SELECT 1').get());
  }

  async close(): Promise<void> {
    this.flush();
    if (this.db.open) this.db.close();
  }

  private newKey(owner: string): NewKey {
    return newWrappedKey(this.masterKey, owner);
  }

  private enqueue(write: WriteRequest): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ...write, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  /** One transaction, one fsync, for every key and link asked for in this tick. */
  private flush(): void {
    const writes = this.pending.splice(0);
    if (writes.length === 0) return;
    let made: boolean[];
    try {
      made = this.commit.immediate(writes);
    } catch (error) {
      const failure = toStoreFailure('key store', error);
      for (const w of writes) w.reject(failure);
      return;
    }
    // What this transaction wrote is on disk: no need to read it back. (A commit through another
    // connection still empties the cache at the next look-up, these keys with it.)
    writes.forEach((w, i) => {
      if (!made[i]) return;
      if (w.kind === 'link') this.links.set(w.iinDigest, w.owner);
      this.cache.set(w.owner, w.row.dataKey);
    });
    for (const w of writes) w.resolve();
  }
}
