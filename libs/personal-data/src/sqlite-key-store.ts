import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { asStoreFailure, Committer, ThreadCommitter, toStoreFailure, WrittenNames } from '@ledger/event-store';
import { RecentCache } from '@ledger/ledger-log';
import { KeyDestroyedError, KeyStore } from './key-store';
import { keyFingerprints, KeyStoreKeysDiffer } from './key-fingerprints';
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
/** Settles with whether the write took effect (a link made first elsewhere, or a destroyed key's, did not). */
type Write = WriteRequest & { readonly resolve: (made: boolean) => void; readonly reject: (e: unknown) => void };

/** A key or link as the writer stores it (what crosses to the writer thread: no data key in the clear). */
interface KeyRow {
  readonly kind: 'key' | 'link';
  readonly iinDigest?: string;
  readonly owner: string;
  readonly keyId: string;
  readonly wrapped: Uint8Array;
  readonly iv: Uint8Array;
  readonly tag: Uint8Array;
  readonly masterKeyId: string;
}

/** Which rows took effect, and the file's write generation before and after the commit. */
interface KeyCommit {
  readonly made: boolean[];
  readonly before: number;
  readonly after: number;
}

const CACHED_KEYS = 20_000;

/** How many commits the key stores of this process have made to a file, counted as each lands. */
interface FileCommits {
  count: number;
  stores: number;
}

/**
 * The commit count of each key file this process has open (by absolute path; an in-memory store keeps
 * its own). Every store on a file counts its commits here, so that a store told it is the file's only
 * process learns of the others' commits without asking SQLite on every look-up.
 */
const commitsByFile = new Map<string, FileCommits>();

function openCommits(file: string): FileCommits {
  if (file === ':memory:') return { count: 0, stores: 1 };
  const path = resolve(file);
  const commits = commitsByFile.get(path) ?? { count: 0, stores: 0 };
  commits.stores++;
  commitsByFile.set(path, commits);
  return commits;
}

function closeCommits(file: string, commits: FileCommits): void {
  if (--commits.stores === 0 && file !== ':memory:') commitsByFile.delete(resolve(file));
}

/**
 * Data keys and IIN links in their own SQLite file, keys wrapped (AES-256-GCM) under a master key from
 * configuration. New keys and links asked for while the last commit was on its way are committed
 * together, one transaction and one fsync for all, on a writer thread of their own (as the event
 * store's group commits are): the event loop goes on deciding meanwhile. A link or key is answered
 * only once its commit is on disk, so it is there before any event sealed with it is written.
 * `secure_delete` overwrites a destroyed key's bytes and the WAL is truncated after a destruction,
 * so no old page keeps them.
 *
 * Every commit (the writer's, a destruction) counts up the file's write generation. A commit by
 * another store on the same file (`PRAGMA data_version` moves, and the generation is not the one
 * this store's own commits left) empties the key cache, so a key destroyed elsewhere is never
 * served from memory; this store's own commits do not. A store opened with `soleProcess` (the
 * ledger's, once it holds the data folder's lock, so that no other process writes the file) does not
 * read `data_version` on every look-up: the other stores on the file are in this process and count
 * their commits where it sees them.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly masterKeyId: string;
  private pending: Write[] = [];
  /** The group commit on its way to disk, if any: the next one gathers while it runs. */
  private committing?: Promise<void>;
  private readonly committer: Committer<readonly KeyRow[], KeyCommit>;
  /** The write generation the cache is in step with. */
  private generation: number;
  private readonly cache = new RecentCache<string, DataKey>(CACHED_KEYS);
  /** Links already read (this process is the file's one writer; an erasure drops them). */
  private readonly links = new RecentCache<string, string>(CACHED_KEYS);
  /** IIN digests read and found linked to no one (a link made here replaces the entry). */
  private readonly unlinked = new RecentCache<string, true>(CACHED_KEYS);
  /**
   * With `soleProcess`, the IIN digests the file may link: an IIN never linked (a person new to the
   * ledger) is answered without a read. Dropped when another store's commits are seen (`forget`).
   */
  private linkable?: WrittenNames;
  /** `data_version`, or with `soleProcess` this process's commit count, when last in step. */
  private dataVersion = -1;
  private readonly commits: FileCommits;
  private readonly soleProcess: boolean;
  private readonly sql: {
    destroyed: Database.Statement<[string], unknown>;
    key: Database.Statement<[string], Row>;
    subject: Database.Statement<[string], { subject_id: string }>;
    subjects: Database.Statement<[string], { iin_digest: string; subject_id: string }>;
    dataVersion: Database.Statement<[], number>;
    generation: Database.Statement<[], number>;
  };

  constructor(
    private readonly file: string,
    private readonly masterKey: Buffer,
    options: {
      /** Commit on this thread instead of a writer thread (default: a thread for a file store). */
      readonly writerThread?: boolean;
      /**
       * No other process writes this file (the caller holds a lock that says so): commits by other
       * stores in this process are learnt of without reading `data_version` on every look-up.
       */
      readonly soleProcess?: boolean;
      /** The key the pseudonyms are made with: a ledger started with another one is refused (see keyFingerprints). */
      readonly pseudonymKey?: Buffer;
    } = {},
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
      CREATE TABLE IF NOT EXISTS write_generation (
        id         INTEGER PRIMARY KEY CHECK (id = 0),
        generation INTEGER NOT NULL
      );
      INSERT OR IGNORE INTO write_generation VALUES (0, 0);
      CREATE TABLE IF NOT EXISTS key_store_keys (
        name        TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL
      );
    `);
    this.checkKeys(options.pseudonymKey);
    this.sql = {
      destroyed: this.db.prepare('SELECT 1 FROM destroyed_keys WHERE owner = ?'),
      key: this.db.prepare('SELECT * FROM data_keys WHERE owner = ?'),
      subject: this.db.prepare('SELECT subject_id FROM subject_links WHERE iin_digest = ?'),
      subjects: this.db.prepare(
        'SELECT iin_digest, subject_id FROM subject_links WHERE iin_digest IN (SELECT value FROM json_each(?))',
      ),
      // Prepared once: db.pragma() prepares a statement on every call, and this runs on every lookup.
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
      generation: this.db.prepare<[], number>('SELECT generation FROM write_generation').pluck(),
    };
    this.generation = this.sql.generation.get() as number;
    this.soleProcess = options.soleProcess === true;
    this.commits = openCommits(file);
    this.dataVersion = this.version();
    if (this.soleProcess) this.linkable = this.linkableNow();
    this.committer =
      file === ':memory:' || options.writerThread === false
        ? inThread(keyWriter(this.db))
        : new ThreadCommitter<readonly KeyRow[], KeyCommit>({
            file,
            pragmas: ['secure_delete = ON'],
            makeWriter: keyWriter,
          });
  }

  /** The first start records its keys' fingerprints; a later start with other keys is refused. */
  private checkKeys(pseudonymKey: Buffer | undefined): void {
    const record = this.db.prepare('INSERT OR IGNORE INTO key_store_keys (name, fingerprint) VALUES (?, ?)');
    const stored = this.db.prepare<[string], string>('SELECT fingerprint FROM key_store_keys WHERE name = ?').pluck();
    for (const { name, fingerprint, setting } of keyFingerprints(this.masterKeyId, pseudonymKey)) {
      record.run(name, fingerprint);
      if (stored.get(name) !== fingerprint) {
        this.db.close();
        throw new KeyStoreKeysDiffer(`key store: this ledger's ${setting} is not the one its key store was made with`);
      }
    }
  }

  /** A filter of the IIN digests linked in the file, filled from it in slices (see WrittenNames). */
  private linkableNow(): WrittenNames {
    const links = Number(this.db.prepare('SELECT MAX(rowid) FROM subject_links').pluck().get() ?? 0);
    const page = this.db
      .prepare<[string, number], string>(
        'SELECT iin_digest FROM subject_links WHERE iin_digest > ? ORDER BY iin_digest LIMIT ?',
      )
      .pluck();
    // A closed file ends the fill.
    return WrittenNames.filledFrom(links, (after, limit) => (this.db.open ? page.all(after, limit) : []));
  }

  /** The PRAGMA values of the connection that commits keys and links (the writer thread's, when there is one). */
  async writerPragmas(): Promise<{ journalMode: string; synchronous: number }> {
    if (this.committer instanceof ThreadCommitter) return this.committer.pragmas();
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
    };
  }

  async subjectOf(iinDigest: string): Promise<string | undefined> {
    if (this.version() !== this.dataVersion) await this.inStep();
    const cached = this.links.get(iinDigest);
    if (cached) return cached;
    if (this.unlinked.get(iinDigest)) return undefined;
    if (this.linkable && !this.linkable.mayHold(iinDigest)) return undefined;
    const found = this.sql.subject.get(iinDigest)?.subject_id;
    if (found) this.links.set(iinDigest, found);
    else this.unlinked.set(iinDigest, true);
    return found;
  }

  /** Reads the links of these IIN digests in one query, so that asking for each answers from memory. */
  async lookAhead(iinDigests: readonly string[]): Promise<void> {
    if (this.version() !== this.dataVersion) await this.inStep();
    const linkable = this.linkable;
    const unknown = iinDigests.filter(
      (d) => !this.links.has(d) && !this.unlinked.has(d) && (!linkable || linkable.mayHold(d)),
    );
    if (unknown.length === 0) return;
    const found = new Map(this.sql.subjects.all(JSON.stringify(unknown)).map((r) => [r.iin_digest, r.subject_id]));
    for (const digest of unknown) {
      const subjectId = found.get(digest);
      if (subjectId) this.links.set(digest, subjectId);
      else this.unlinked.set(digest, true);
    }
  }

  async link(iinDigest: string, subjectId: string): Promise<string> {
    const existing = await this.subjectOf(iinDigest);
    if (existing) return existing;
    if (await this.enqueue({ kind: 'link', iinDigest, owner: subjectId, row: this.newKey(subjectId) })) {
      return subjectId;
    }
    // Another process, or another write in the same batch, linked it first.
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
    if (this.version() !== this.dataVersion) await this.inStep();
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

  /**
   * Empties what is remembered when another store committed to the file since it was last in step
   * (`data_version` moved — as it does for this store's own writer — and the write generation is not
   * the one this store's commits left).
   */
  private async inStep(): Promise<void> {
    for (let waited = false; ; waited = true) {
      const version = this.version();
      if (version === this.dataVersion) return;
      const generation = this.sql.generation.get() as number;
      if (generation !== this.generation) {
        // This store's own commit may have landed with its answer not read yet: read it, then look
        // again (once), rather than forget everything at every commit.
        if (this.committing && !waited) {
          await this.committing;
          continue;
        }
        this.forget(generation);
      }
      this.dataVersion = version;
      return;
    }
  }

  /** What moves when anyone commits to the file (with `soleProcess`: anyone in this process). */
  private version(): number {
    return this.soleProcess ? this.commits.count : (this.sql.dataVersion.get() as number);
  }

  private forget(generation: number): void {
    this.cache.clear();
    this.links.clear();
    this.unlinked.clear();
    // Another store on the file linked IINs this one's filter never saw (the ledger opens one store):
    // from now on every look reads the file.
    this.linkable?.stop();
    this.linkable = undefined;
    this.generation = generation;
  }

  async destroy(owner: string, at: string): Promise<void> {
    this.cache.delete(owner);
    for (const [digest, subjectId] of [...this.links.entries()]) if (subjectId === owner) this.links.delete(digest);
    const after = this.db
      .transaction((): number => {
        this.db.prepare('DELETE FROM data_keys WHERE owner = ?').run(owner);
        this.db.prepare('DELETE FROM subject_links WHERE subject_id = ?').run(owner);
        this.db.prepare('INSERT OR IGNORE INTO destroyed_keys VALUES (?, ?)').run(owner, at);
        return this.db
          .prepare<[], number>('UPDATE write_generation SET generation = generation + 1 RETURNING generation')
          .pluck()
          .get() as number;
      })
      .immediate();
    this.commits.count++;
    // Anything else committed since the cache was last in step: it is emptied.
    if (after - 1 !== this.generation) this.forget(after);
    this.generation = after;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async ping(): Promise<void> {
    asStoreFailure('key store', () => this.db.prepare('SELECT 1').get());
  }

  async close(): Promise<void> {
    while (this.committing || this.pending.length > 0) {
      this.flush();
      await this.committing;
    }
    this.linkable?.stop();
    await this.committer.close();
    if (this.db.open) {
      this.db.close();
      closeCommits(this.file, this.commits);
    }
  }

  private newKey(owner: string): NewKey {
    return newWrappedKey(this.masterKey, owner);
  }

  private enqueue(write: WriteRequest): Promise<boolean> {
    // Known before it can land, so that no look for it is ever answered from the filter alone.
    if (write.kind === 'link') this.linkable?.add(write.iinDigest);
    return new Promise((resolve, reject) => {
      this.pending.push({ ...write, resolve, reject });
      if (this.pending.length === 1 && !this.committing) setImmediate(() => this.flush());
    });
  }

  /**
   * One transaction, one fsync, for every key and link asked for since the last one (on the writer
   * thread), unless one is on its way: then as soon as that one is on disk. Every promise settles
   * after its commit.
   */
  private flush(): void {
    if (this.committing || this.pending.length === 0) return;
    const writes = this.pending;
    this.pending = [];
    const rows = writes.map((w): KeyRow => ({
      kind: w.kind,
      iinDigest: w.kind === 'link' ? w.iinDigest : undefined,
      owner: w.owner,
      keyId: w.row.keyId,
      wrapped: w.row.wrapped,
      iv: w.row.iv,
      tag: w.row.tag,
      masterKeyId: this.masterKeyId,
    }));
    this.committing = this.committer.commit(rows).then(
      ({ made, before, after }) => {
        this.commits.count++;
        // Only when nothing else was committed since the cache was in step are the new keys
        // remembered: otherwise (a destruction in between) the cache is emptied instead.
        if (before === this.generation) {
          writes.forEach((w, i) => {
            // A link lost to another writer is linked all the same: it is read again.
            if (w.kind === 'link') this.unlinked.delete(w.iinDigest);
            if (!made[i]) return;
            if (w.kind === 'link') this.links.set(w.iinDigest, w.owner);
            this.cache.set(w.owner, w.row.dataKey);
          });
          this.generation = after;
        } else this.forget(Math.max(this.generation, after));
        writes.forEach((w, i) => w.resolve(made[i]));
      },
      (error: unknown) => {
        // Whether or not it landed, the others look at the file again.
        this.commits.count++;
        const failure = toStoreFailure('key store', error);
        for (const w of writes) w.reject(failure);
      },
    );
    void this.committing.finally(() => {
      this.committing = undefined;
      this.flush();
    });
  }
}

function inThread(writer: { commit(rows: readonly KeyRow[]): KeyCommit }): Committer<readonly KeyRow[], KeyCommit> {
  return { commit: async (rows) => writer.commit(rows), close: async () => undefined };
}

/**
 * The key store's write path: new keys and links in one transaction, which counts up the write
 * generation. Self-contained on purpose — no imports, no outer names — because its source text is
 * what the writer thread runs (see ThreadCommitter); an in-memory store runs the same function.
 */
function keyWriter(db: Database.Database): { commit(rows: readonly KeyRow[]): KeyCommit } {
  const insertLink = db.prepare('INSERT OR IGNORE INTO subject_links VALUES (?, ?, ?)');
  const destroyed = db.prepare('SELECT 1 FROM destroyed_keys WHERE owner = ?');
  const insertKey = db.prepare('INSERT OR IGNORE INTO data_keys VALUES (?, ?, ?, ?, ?, ?, ?)');
  const bump = db.prepare('UPDATE write_generation SET generation = generation + 1 RETURNING generation').pluck();
  // Bytes that crossed from another thread arrive as plain Uint8Arrays: the driver binds Buffers.
  const bytes = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const commit = db.transaction((rows: readonly KeyRow[]): KeyCommit => {
    const now = new Date().toISOString();
    const made = rows.map((w) => {
      // A link another writer made first keeps its own key: the loser gets none.
      if (w.kind === 'link' && insertLink.run(w.iinDigest, w.owner, now).changes === 0) return false;
      // A destroyed key is never made again.
      if (destroyed.get(w.owner)) return false;
      const row = [w.owner, w.keyId, bytes(w.wrapped), bytes(w.iv), bytes(w.tag), w.masterKeyId, now];
      return insertKey.run(...row).changes > 0;
    });
    const after = bump.get() as number;
    return { made, before: after - 1, after };
  });
  return { commit: (rows) => commit.immediate(rows) };
}
