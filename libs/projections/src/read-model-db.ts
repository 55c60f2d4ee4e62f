import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Position } from '@ledger/event-store';

/**
 * The local database of read models. Each ledger instance keeps its own and fills it from the
 * event log, so the read side scales out by adding instances. The checkpoint lives in the same
 * database and is written in the same transaction as the rows it describes: after a crash both
 * roll back together, so nothing is applied twice. That is also why `synchronous=NORMAL` is enough
 * here (unlike the event store): a lost tail is simply read again from the log.
 */
export class ReadModelDb {
  readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS checkpoints (
      name TEXT PRIMARY KEY,
      position TEXT NOT NULL,
      events_applied INTEGER NOT NULL
    )`);
    this.sql = {
      checkpoint: this.db.prepare('SELECT position, events_applied FROM checkpoints WHERE name = ?'),
      insert: this.db.prepare(
        'INSERT INTO checkpoints (name, position, events_applied) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
      ),
      update: this.db.prepare(
        'UPDATE checkpoints SET position = ?, events_applied = ? WHERE name = ? AND position = ?',
      ),
    };
  }

  private readonly sql: {
    checkpoint: Database.Statement<[string], { position: string; events_applied: number }>;
    insert: Database.Statement<[string, string, number]>;
    update: Database.Statement<[string, number, string, string]>;
  };

  checkpoint(name: string): { position: Position; eventsApplied: number } | undefined {
    const row = this.sql.checkpoint.get(name);
    return row ? { position: row.position as Position, eventsApplied: row.events_applied } : undefined;
  }

  /**
   * Moves the checkpoint only if it still holds `expected` (compare-and-set): a second runner on the
   * same database can never apply the same events twice.
   */
  saveCheckpoint(name: string, position: Position, eventsApplied: number, expected: Position | undefined): void {
    const changed =
      expected === undefined
        ? this.sql.insert.run(name, position, eventsApplied).changes
        : this.sql.update.run(position, eventsApplied, name, expected).changes;
    if (changed !== 1) {
      throw new Error(`the ${name} checkpoint moved under this runner: another process is feeding these read models`);
    }
  }

  clearCheckpoint(name: string): void {
    this.db.prepare('DELETE FROM checkpoints WHERE name = ?').run(name);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
