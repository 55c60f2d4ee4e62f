import { Logger } from '@nestjs/common';
import { isAbsolute, relative, resolve } from 'node:path';
import type Redis from 'ioredis';
import { KeyStore, KeyStoreKeysDiffer, PgKeyStore, SqliteKeyStore } from '@ledger/personal-data';
import { DeliveryLog, PgDeliveryLog, SqliteDeliveryLog } from '@ledger/projections';
import { RateLimitStore, sharedCounters } from '../auth/rate-limits';
import { ConfigError } from '../config/env-values';
import { LedgerConfig } from '../config/ledger-config';
import { AdvisoryLockLeadership, alwaysLeading, Leadership, neverLeading } from './leadership';

export const RATE_LIMIT_COUNTERS = Symbol('RateLimitCounters');
/** Whether this instance is the one that delivers webhooks. */
export const WEBHOOK_DELIVERER = Symbol('WebhookDeliverer');

/**
 * Alone (no PostgreSQL), this process delivers; with a PostgreSQL key store, whichever instance holds
 * the deliverer lock does, from the delivery log they share there.
 */
export function webhookDeliverer(config: LedgerConfig): Leadership {
  if (!config.webhooks.enabled) return neverLeading();
  if (!config.keyStoreUrl) return alwaysLeading();
  return new AdvisoryLockLeadership(config.keyStoreUrl, config.webhooks.delivererPollMs);
}

export function openDeliveryLog(config: LedgerConfig): DeliveryLog {
  return config.keyStoreUrl ? new PgDeliveryLog(config.keyStoreUrl) : new SqliteDeliveryLog(config.webhooks.file);
}

/** Where the rate-limit counters live: this process's memory, or a Redis every instance shares. */
export interface RateLimitCounters {
  readonly kind: 'memory' | 'redis';
  /** What @fastify/rate-limit is given. */
  readonly store: RateLimitStore;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 2000;
/** How long a rate-limit count may wait for Redis before this instance counts it alone. */
const COMMAND_TIMEOUT_MS = 500;

/**
 * Whether the key file is this process's alone: with the embedded event store this process holds the
 * data folder's lock (taken before the key store opens), and a key file inside that folder is under it.
 */
export function keyFileIsLocked(config: LedgerConfig): boolean {
  if (config.eventStore.kind !== 'sqlite' || config.keyStoreFile === ':memory:') return false;
  const inside = relative(resolve(config.dataDir), resolve(config.keyStoreFile));
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}

/** The only place that knows which key store adapter runs. */
export async function openKeyStore(config: LedgerConfig, logger = new Logger('KeyStore')): Promise<KeyStore> {
  if (!config.keyStoreUrl) {
    try {
      return new SqliteKeyStore(config.keyStoreFile, config.masterKey, {
        soleProcess: keyFileIsLocked(config),
        pseudonymKey: config.pseudonymKey,
      });
    } catch (error) {
      throw error instanceof KeyStoreKeysDiffer ? new ConfigError(error.message) : error;
    }
  }
  const store = new PgKeyStore({
    connectionString: config.keyStoreUrl,
    masterKey: config.masterKey,
    pseudonymKey: config.pseudonymKey,
  });
  // Migrated now if the server answers; if not, the ledger starts not ready and migrates once it does.
  try {
    await store.ping();
  } catch (error) {
    // Keys unlike the other instances' are a setting to fix, not a server to wait for: no start.
    if (error instanceof KeyStoreKeysDiffer) {
      await store.close();
      throw new ConfigError(error.message);
    }
    logger.warn(`the key store does not answer yet: ${String(error)}`);
  }
  return store;
}

export async function openRateLimitCounters(
  config: LedgerConfig,
  logger = new Logger('RateLimits'),
): Promise<RateLimitCounters> {
  if (!config.rateLimitRedisUrl) {
    return { kind: 'memory', store: {}, ping: async () => undefined, close: async () => undefined };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured: the embedded ledger never needs it
  const { default: IoRedis } = require('ioredis') as typeof import('ioredis');
  const redis: Redis = new IoRedis(config.rateLimitRedisUrl, {
    // A request is not held while Redis is away: it is answered 503 at once, and readiness says why.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Nor while Redis is there but does not answer (hung, or packets dropped): the count is given up
    // and made in this instance's memory instead, as when Redis is away.
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    disconnectTimeout: 500,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
  });
  let down = false;
  const away = (error: Error) => {
    if (!down) {
      logger.warn(
        `the rate-limit counters (Redis) do not answer; counting in this instance's memory: ${error.message}`,
      );
    }
    down = true;
  };
  redis.on('error', away);
  redis.on('ready', () => {
    if (down) logger.log('the rate-limit counters (Redis) answer again');
    down = false;
  });
  // Serve only once the first connection is made or has failed: a request counted while it is still
  // being made would be counted in this instance alone, a fresh budget for whoever came first.
  await new Promise<void>((settled) => {
    const done = () => {
      redis.off('ready', done).off('error', done);
      clearTimeout(timer);
      settled();
    };
    const timer = setTimeout(done, CONNECT_TIMEOUT_MS);
    redis.once('ready', done).once('error', done);
  });
  return {
    kind: 'redis',
    store: sharedCounters(redis, away),
    ping: async () => {
      await redis.ping();
    },
    close: async () => {
      // quit() lets replies in flight arrive; a client still reconnecting just stops.
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}

export interface ComponentStatus {
  readonly kind: string;
  readonly reachable: boolean;
}

/** How long readiness waits for a shared component before it counts it unreachable. */
const CHECK_TIMEOUT_MS = 2000;

/** Whether each component the instances share answers, for readiness. */
export async function sharedComponentStatus(
  config: LedgerConfig,
  keys: KeyStore,
  counters: RateLimitCounters,
): Promise<{ keyStore: ComponentStatus; rateLimits: ComponentStatus }> {
  const [keyStore, rateLimits] = await Promise.all([answers(keys.ping()), answers(counters.ping())]);
  return {
    keyStore: { kind: config.keyStoreUrl ? 'postgres' : 'sqlite', reachable: keyStore },
    rateLimits: { kind: counters.kind, reachable: rateLimits },
  };
}

async function answers(check: Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check.then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
