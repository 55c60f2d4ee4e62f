import { COMMAND, GENESIS_HASH, inCategory } from '@ledger/ledger-log';
import { ReadModelTables } from './statements';

export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

/** A stream's head as a batch knows it: read from the table (or new), then moved by each event checked. */
export interface HeadEntry {
  revision: number;
  hash: string;
  /** Moved in this batch: written back at its end. */
  changed: boolean;
}

/**
 * Where each stream ends as the read models know it, so that every event is checked to chain to the
 * one before it. Claim streams (`command-…`) hold one event each and are not kept: their only event
 * chains to the genesis hash.
 *
 * A batch reads the heads it needs in runs (`entries`: one query for a run's streams, not one per
 * stream) and keeps them, moved in place, until it ends. Stored WITHOUT ROWID (version 2): a head is
 * found and rewritten by its stream's name only, so one b-tree keyed by the name, not a table and an
 * index of names both touched by every upsert.
 */
export class StreamHeads extends ReadModelTables {
  static readonly version = 2;
  /** The heads of the streams the current batch has met. */
  private known = new Map<string, HeadEntry>();

  setUp(): void {
    this.db.exec(`CREATE TABLE IF NOT EXISTS stream_heads (
      stream   TEXT PRIMARY KEY,
      revision INTEGER NOT NULL,
      hash     TEXT NOT NULL
    ) WITHOUT ROWID`);
  }

  tearDown(): void {
    this.db.exec('DROP TABLE IF EXISTS stream_heads');
  }

  /**
   * The head of each of these streams (one entry per stream, in their order), for events about to be
   * checked: those the batch has not met yet are read in one query; a stream with no stored head, and
   * every claim stream, starts before revision 0 at the genesis hash.
   */
  entries(streams: readonly string[]): HeadEntry[] {
    const entries = new Array<HeadEntry>(streams.length);
    let wanted: string[] | undefined;
    for (let i = 0; i < streams.length; i++) {
      const stream = streams[i];
      let entry = this.known.get(stream);
      if (entry === undefined) {
        entry = { revision: -1, hash: GENESIS_HASH, changed: false };
        this.known.set(stream, entry);
        if (!inCategory(stream, COMMAND)) (wanted ??= []).push(stream);
      }
      entries[i] = entry;
    }
    if (wanted) {
      const rows = this.sql<[string], StreamHead & { stream: string }>(
        'SELECT stream, revision, hash FROM stream_heads WHERE stream IN (SELECT value FROM json_each(?))',
      ).all(JSON.stringify(wanted));
      for (const row of rows) {
        const entry = this.known.get(row.stream)!;
        entry.revision = row.revision;
        entry.hash = row.hash;
      }
    }
    return entries;
  }

  /** Writes the heads the batch moved (inside its transaction) and forgets the batch's heads. */
  flush(): void {
    const upsert = this.sql<[string, number, string]>(
      `INSERT INTO stream_heads (stream, revision, hash) VALUES (?, ?, ?)
       ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash`,
    );
    for (const [stream, head] of this.known)
      if (head.changed && !inCategory(stream, COMMAND)) upsert.run(stream, head.revision, head.hash);
    this.known = new Map();
  }

  /** Forgets the batch's heads (rolled back, or nothing applied). */
  discard(): void {
    this.known = new Map();
  }
}
