import { join } from 'node:path';
import Database from 'better-sqlite3';

/** What each member of staff chose in the console (their language), kept in the data folder by a digest of who they are. */
export class ConsolePreferences {
  private db?: Database.Database;

  constructor(private readonly dataDir: string) {}

  language(userKey: string): string | undefined {
    return this.open()
      .prepare<[string], { language: string }>('SELECT language FROM preferences WHERE user_key = ?')
      .get(userKey)?.language;
  }

  setLanguage(userKey: string, language: string): void {
    this.open()
      .prepare(
        'INSERT INTO preferences (user_key, language) VALUES (?, ?) ON CONFLICT (user_key) DO UPDATE SET language = excluded.language',
      )
      .run(userKey, language);
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }

  private open(): Database.Database {
    if (!this.db) {
      this.db = new Database(join(this.dataDir, 'console.sqlite'));
      this.db.exec('CREATE TABLE IF NOT EXISTS preferences (user_key TEXT PRIMARY KEY, language TEXT NOT NULL)');
    }
    return this.db;
  }
}
