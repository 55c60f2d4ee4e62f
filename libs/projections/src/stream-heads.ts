import { categoryOf, COMMAND, GENESIS_HASH } from '@ledger/ledger-log';
import { ReadModelTables } from './statements';

export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

const NONE: StreamHead = { revision: -1, hash: GENESIS_HASH };

/**
 * Where each stream ends as the read models know it, so that every event is checked to chain to the
 * one before it. Claim streams (`command-…`) hold one event each and are not kept: their only event
 * chains to the genesis hash.
 */
export class StreamHeads extends ReadModelTables {
  private pending = new Map<string, StreamHead>();

  setUp(): void {
    this.db.exec(`CREATE TABLE IF NOT EXISTS stream_heads (
      stream   TEXT PRIMARY KEY,
      revision INTEGER NOT NULL,
      hash     TEXT NOT NULL
    )`);
  }

  tearDown(): void {
    this.db.exec('DROP TABLE IF EXISTS stream_heads');
  }

  get(stream: string): StreamHead {
    const pending = this.pending.get(stream);
    if (pending) return pending;
    if (categoryOf(stream) === COMMAND) return NONE;
    return (
      this.sql<[string], StreamHead>('SELECT revision, hash FROM stream_heads WHERE stream = ?').get(stream) ?? NONE
    );
  }

  set(stream: string, head: StreamHead): void {
    this.pending.set(stream, head);
  }

  flush(): void {
    const upsert = this.sql<[string, number, string]>(
      `INSERT INTO stream_heads (stream, revision, hash) VALUES (?, ?, ?)
       ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash`,
    );
    for (const [stream, head] of this.pending)
      if (categoryOf(stream) !== COMMAND) upsert.run(stream, head.revision, head.hash);
    this.pending = new Map();
  }

  discard(): void {
    this.pending = new Map();
  }
}
