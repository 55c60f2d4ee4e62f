import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Another process holds the folder. */
export class DataFolderInUse extends Error {
  constructor(
    readonly folder: string,
    readonly holder: string,
  ) {
    super(
      `the data folder ${folder} is in use by another ledger process (pid ${holder}); one process per embedded store — stop it, or give this one another LEDGER_DATA_DIR`,
    );
    this.name = 'DataFolderInUse';
  }
}

/**
 * One writer per embedded store: an exclusive SQLite lock on `ledger.lock` in the data folder, held
 * for the life of the process. It is an operating-system lock (fcntl), so it goes away with the
 * process however it ends, kill -9 included; the holder's pid is kept beside it for the message.
 */
export class DataFolderLock {
  private constructor(
    private readonly db: Database.Database,
    readonly folder: string,
  ) {}

  static acquire(folder: string): DataFolderLock {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const db = new Database(join(folder, 'ledger.lock'));
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('busy_timeout = 0');
      db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER); BEGIN EXCLUSIVE');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
        throw new DataFolderInUse(folder, readPid(folder));
      }
      throw error;
    }
    writeFileSync(join(folder, 'ledger.pid'), String(process.pid), { mode: 0o600 });
    return new DataFolderLock(db, folder);
  }

  release(): void {
    if (this.db.open) this.db.close();
  }
}

function readPid(folder: string): string {
  try {
    return readFileSync(join(folder, 'ledger.pid'), 'utf8').trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}
