import type Database from 'better-sqlite3';

/** One stream's part of a write, with its events already serialised. */
export interface SerialisedAppend {
  readonly stream: string;
  readonly events: readonly {
    readonly id: string;
    readonly type: string;
    readonly data: string;
    readonly metadata: string;
  }[];
  /** 'any' | 'no-stream' | 'stream-exists' | a revision. */
  readonly expected: string | number;
}

/** How one write of a group commit ended. */
export type WriteOutcome =
  | { readonly ok: readonly { readonly nextRevision: number; readonly position: number }[] }
  | {
      readonly conflict: { readonly stream: string; readonly expected: string | number; readonly actual: number };
    };

export interface BatchWriter {
  /**
   * Commits every write of the batch in one transaction (one fsync), each in its own savepoint so a
   * conflict undoes only its own write. A store failure (full disk, I/O, damage) throws: SQLite may
   * have rolled the whole transaction back, so none of the batch may be acknowledged.
   */
  commit(batch: readonly (readonly SerialisedAppend[])[]): WriteOutcome[];
}

/**
 * The embedded store's write path. Self-contained on purpose — no imports, no outer names — because
 * its source text is what the writer thread runs (see sqlite-writer.ts); the in-thread store runs
 * the same function.
 */
export function batchWriter(db: Database.Database): BatchWriter {
  type Row = { revision: number; position: number; id: string };
  const streamRevision = db.prepare<[string], { revision: number | null }>(
    'SELECT MAX(revision) AS revision FROM events WHERE stream = ?',
  );
  const atRevision = db.prepare<[string, number], Row>(
    'SELECT revision, position, id FROM events WHERE stream = ? AND revision = ?',
  );
  const revisionOf = db.prepare<[string, string], { revision: number }>(
    'SELECT revision FROM events WHERE stream = ? AND id = ? ORDER BY revision LIMIT 1',
  );
  const insert = db.prepare<[string, number, string, string, string, string]>(
    'INSERT INTO events (stream, revision, id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const matches = (expected: string | number, current: number) =>
    expected === 'any' ||
    (expected === 'no-stream' && current === -1) ||
    (expected === 'stream-exists' && current >= 0) ||
    expected === current;
  class Conflict {
    constructor(readonly conflict: { stream: string; expected: string | number; actual: number }) {}
  }

  /** The events already there, one after another where they were meant to go: a retry. */
  const retried = (append: SerialisedAppend, current: number) => {
    const { stream, events, expected } = append;
    const first =
      expected === 'no-stream'
        ? 0
        : typeof expected === 'number'
          ? expected + 1
          : revisionOf.get(stream, events[0].id)?.revision;
    if (first === undefined) return undefined;
    let last: Row | undefined;
    for (let i = 0; i < events.length; i++) {
      const row = atRevision.get(stream, first + i);
      if (!row || row.id !== events[i].id) {
        if (i === 0) return undefined;
        throw new Conflict({ stream, expected, actual: current });
      }
      last = row;
    }
    return { nextRevision: last!.revision, position: last!.position };
  };

  const appendOne = (append: SerialisedAppend) => {
    const current = streamRevision.get(append.stream)?.revision ?? -1;
    const exact = append.expected === 'no-stream' || typeof append.expected === 'number';
    if (!exact || !matches(append.expected, current)) {
      const found = retried(append, current);
      if (found) return found;
    }
    if (!matches(append.expected, current)) {
      throw new Conflict({ stream: append.stream, expected: append.expected, actual: current });
    }
    let revision = current;
    let position = 0;
    for (const event of append.events) {
      revision += 1;
      position = Number(
        insert.run(append.stream, revision, event.id, event.type, event.data, event.metadata).lastInsertRowid,
      );
    }
    return { nextRevision: revision, position };
  };

  const write = db.transaction((appends: readonly SerialisedAppend[]) => appends.map(appendOne));
  const batch = db.transaction((writes: readonly (readonly SerialisedAppend[])[]) =>
    writes.map((appends): WriteOutcome => {
      try {
        return { ok: write(appends) };
      } catch (error) {
        if (error instanceof Conflict) return { conflict: error.conflict };
        throw error;
      }
    }),
  );
  return { commit: (writes) => batch.immediate(writes) };
}
