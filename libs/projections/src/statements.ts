import Database from 'better-sqlite3';

/** Prepares each SQL text once per database; projections run the same few statements millions of times. */
export function statementCache(db: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  return <P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  };
}
