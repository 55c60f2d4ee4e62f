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
  }

  checkpoint(name: string): { position: Position; eventsApplied: number } | undefined {
    const row = this.db
      .prepare<[string], { position: string; events_applied: number }>(
        'SELECT position, events_applied FROM checkpoints WHERE name = ?',
      )
      .get(name);
    return row ? { position: row.position as Position, eventsApplied: row.events_applied } : undefined;
  }

  saveCheckpoint(name: string, position: Position, eventsApplied: number): void {
    this.db
      .prepare(
        `INSERT INTO checkpoints (name, position, events_applied) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position, events_applied = excluded.events_applied`,
      )
      .run(name, position, eventsApplied);
  }

  clearCheckpoint(name: string): void {
    this.db.prepare('DELETE FROM checkpoints WHERE name = ?').run(name);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
