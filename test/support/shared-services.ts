import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import Redis from 'ioredis';

/**
 * The PostgreSQL and Redis every test machine runs (.ci/run starts them). A test that cannot reach
 * them fails, saying so: it never skips.
 */
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface PostgresSchema {
  readonly name: string;
  /** POSTGRES_URL with the schema as its search_path, as LEDGER_KEY_STORE_URL would name it. */
  readonly url: string;
  /** Runs SQL in that schema. */
  query<R extends object = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

/** A schema of its own for one test run, so runs on one database never meet. */
export async function freshSchema(label = 'keys'): Promise<PostgresSchema> {
  const name = `test_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_URL} (${String(error)}); .ci/run starts it: ` +
        'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
      { cause: error },
    );
  }
  await admin.query(`CREATE SCHEMA ${name}`);
  await admin.query(`SET search_path TO ${name}`);
  return {
    name,
    url: `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${name}`)}`,
    query: async (sql, values) => (await admin.query(sql, values)).rows,
    drop: async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await admin.end();
    },
  };
}

/** A Redis connection, or a failure that says how to start Redis. */
export async function connectRedis(): Promise<Redis> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(
      `Redis is not reachable at ${REDIS_URL} (${String(error)}); .ci/run starts it: ` +
        'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
      { cause: error },
    );
  }
  return redis;
}
