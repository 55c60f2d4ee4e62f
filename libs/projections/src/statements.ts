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

/**
 * A WHERE clause from the conditions whose value is given: `[sql, value]` pairs, where a value of
 * undefined drops the condition and `true` adds it without a parameter.
 */
export function whereClause(conditions: readonly (readonly [string, unknown])[]): { sql: string; params: unknown[] } {
  const kept = conditions.filter(([, value]) => value !== undefined && value !== false);
  const params = kept.flatMap(([sql, value]) =>
    value === true ? [] : Array.isArray(value) && sql.split('?').length > 2 ? value : [value],
  );
  return { sql: kept.length ? `WHERE ${kept.map(([sql]) => sql).join(' AND ')}` : '', params };
}

/** A read model's tables in the read-model database, with their statements prepared once. */
export abstract class ReadModelTables {
  protected readonly sql: ReturnType<typeof statementCache>;

  constructor(protected readonly db: Database.Database) {
    this.sql = statementCache(db);
  }
}
