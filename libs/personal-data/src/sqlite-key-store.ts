import Database from 'better-sqlite3';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { KeyDestroyedError, KeyStore } from './key-store';
import { DataKey } from './sealing';

interface Row {
  key_id: string;
  wrapped: Buffer;
  iv: Buffer;
  tag: Buffer;
  master_key_id: string;
}

/**
 * Data keys in their own SQLite file, wrapped (AES-256-GCM) under a master key from configuration.
 * `secure_delete` overwrites a destroyed key's bytes, and the WAL is truncated after a destruction
 * so no old page keeps them.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly masterKeyId: string;

  constructor(
    file: string,
    private readonly masterKey: Buffer,
  ) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
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
    `);
    this.masterKeyId = createHash('sha256').update(masterKey).digest('hex').slice(0, 16);
  }

  async dataKeyFor(owner: string): Promise<DataKey> {
    const found = await this.find(owner);
    if (found === 'destroyed') throw new KeyDestroyedError(owner);
    if (found) return found;
    const key = randomBytes(32);
    const keyId = `${owner.slice(0, 12)}-${randomBytes(4).toString('hex')}`;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    cipher.setAAD(Buffer.from(owner, 'utf8'));
    const wrapped = Buffer.concat([cipher.update(key), cipher.final()]);
    // Two requests may race to make the first key: the first insert wins and both use it.
    this.db
      .prepare('INSERT OR IGNORE INTO data_keys VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(owner, keyId, wrapped, iv, cipher.getAuthTag(), this.masterKeyId, new Date().toISOString());
    const stored = await this.find(owner);
    if (!stored || stored === 'destroyed') throw new KeyDestroyedError(owner);
    return stored;
  }

  async find(owner: string): Promise<DataKey | 'destroyed' | undefined> {
    if (this.db.prepare('SELECT 1 FROM destroyed_keys WHERE owner = ?').get(owner)) return 'destroyed';
    const row = this.db.prepare<[string], Row>('SELECT * FROM data_keys WHERE owner = ?').get(owner);
    if (!row) return undefined;
    if (row.master_key_id !== this.masterKeyId)
      throw new Error(`the data key of ${owner} is wrapped under another master key`);
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, row.iv);
    decipher.setAAD(Buffer.from(owner, 'utf8'));
    decipher.setAuthTag(row.tag);
    return { keyId: row.key_id, key: Buffer.concat([decipher.update(row.wrapped), decipher.final()]) };
  }

  async destroy(owner: string, at: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM data_keys WHERE owner = ?').run(owner);
      this.db.prepare('INSERT OR IGNORE INTO destroyed_keys VALUES (?, ?)').run(owner, at);
    })();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
