import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { TimeRules } from '@ledger/consent-domain';

export type EventStoreConfig =
  { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'esdb'; readonly connectionString: string };

export interface LedgerConfig {
  readonly production: boolean;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly eventStore: EventStoreConfig;
  /** The local read-model database (rebuildable from the log). */
  readonly readModelFile: string;
  readonly pseudonymKey: Buffer;
  readonly pseudonymKeyIsDevelopmentDefault: boolean;
  readonly time: TimeRules;
  /** How long a query waits for the read models to reach a `minPosition` it was given. */
  readonly readYourWritesTimeoutMs: number;
  readonly bodyLimitBytes: number;
  /** Whether this process feeds the read models (off for a writer-only process such as demo-data). */
  readonly projections: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Only for a developer's machine; production refuses to start with it. */
const DEVELOPMENT_PSEUDONYM_KEY = createHash('sha256').update('consent-ledger development pseudonym key').digest();

export class ConfigError extends Error {}

/** Reads the ledger's settings from environment variables (documented in the README). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.LEDGER_DATA_DIR ?? join(process.cwd(), 'data'));
  const esdb = env.LEDGER_EVENTSTORE_URL?.trim();
  const keyText = env.LEDGER_PSEUDONYM_KEY?.trim();
  const pseudonymKey = keyText ? parseKey(keyText, 'LEDGER_PSEUDONYM_KEY') : DEVELOPMENT_PSEUDONYM_KEY;
  if (production && !keyText) {
    throw new ConfigError('LEDGER_PSEUDONYM_KEY must be set in production (32+ random bytes, hex or base64)');
  }
  return {
    production,
    host: env.LEDGER_HOST ?? '127.0.0.1',
    port: integer(env.LEDGER_PORT, 3000, 'LEDGER_PORT', 0, 65535),
    dataDir,
    eventStore: esdb
      ? { kind: 'esdb', connectionString: esdb }
      : { kind: 'sqlite', file: join(dataDir, 'events.sqlite') },
    readModelFile: env.LEDGER_READ_MODEL_FILE ?? join(dataDir, 'read-models.sqlite'),
    pseudonymKey,
    pseudonymKeyIsDevelopmentDefault: !keyText,
    time: {
      lateWindowMs: integer(env.LEDGER_LATE_WINDOW_DAYS, 30, 'LEDGER_LATE_WINDOW_DAYS', 0, 3650) * DAY_MS,
      clockSkewMs: integer(env.LEDGER_CLOCK_SKEW_SECONDS, 120, 'LEDGER_CLOCK_SKEW_SECONDS', 0, 3600) * 1000,
    },
    readYourWritesTimeoutMs: integer(
      env.LEDGER_READ_YOUR_WRITES_TIMEOUT_MS,
      5000,
      'LEDGER_READ_YOUR_WRITES_TIMEOUT_MS',
      0,
      60000,
    ),
    bodyLimitBytes: integer(env.LEDGER_BODY_LIMIT_BYTES, 64 * 1024, 'LEDGER_BODY_LIMIT_BYTES', 1024, 10 * 1024 * 1024),
    projections: env.LEDGER_PROJECTIONS !== 'off',
  };
}

function integer(value: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

function parseKey(text: string, name: string): Buffer {
  const key =
    /^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0 ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length < 32) throw new ConfigError(`${name} must hold at least 32 bytes (hex or base64)`);
  return key;
}
