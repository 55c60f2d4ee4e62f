import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  ControllerDetails,
  DATA_CATEGORY_CODES,
  KAZAKHSTAN_CALENDAR_SOURCE,
  MAX_CLOCK_SKEW_SECONDS,
  MAX_LATE_WINDOW_DAYS,
  RetentionRules,
  validateRetentionRules,
  kazakhstanCalendar,
  TimeRules,
  validateCalendar,
  WorkingCalendar,
} from '@ledger/consent-domain';
import {
  generateSigningKeyPem,
  KeyringEntry,
  KeyringError,
  ledgerKeyring,
  loadSigningKey,
  readKeyring,
  SigningKey,
} from '@ledger/ledger-log';
import { AuthConfig, loadAuthConfig } from '../auth/auth-config';
import { ensurePrivateFolder } from './data-folder';
import { ConfigError, integer, LedgerMode, modeOf } from './env-values';
import { checkSecrets } from './key-checks';
import { ConsoleConfig, consoleFrom } from '../console/console-config';

export { ConfigError } from './env-values';

export type EventStoreConfig =
  { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'esdb'; readonly connectionString: string };

export interface LedgerConfig {
  /** From NODE_ENV: anything but `development` or `test` is production. */
  readonly mode: LedgerMode;
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
  /** How long a request may take to arrive in full; a client that stalls mid-body is cut off. */
  readonly requestTimeoutMs: number;
  /** pino's level: fatal, error, warn, info, debug, trace or silent. */
  readonly logLevel: string;
  /** How many streams' folded heads the command road keeps in memory (least recently used go first). */
  readonly streamCacheSize: number;
  /** Looks for unknown people one principal may make in an hour before it is reported as guessing. */
  readonly lookupMissLimit: number;
  /** The most events the start-up check re-hashes to hold the log's tail to the newest checkpoint. */
  readonly startupVerifyMaxEvents: number;
  /**
   * Whether /docs (Swagger UI and the OpenAPI document) is served. It is the one thing besides
   * liveness served without a token, so production leaves it off unless asked.
   */
  readonly apiDocs: boolean;
  /** Requests per minute per verified caller (issuer + subject); 0 turns every limit off. */
  readonly rateLimitPerMinute: number;
  /** Requests per minute per caller to the routes that take an IIN (a tighter budget against guessing). */
  readonly rateLimitIinPerMinute: number;
  /** Requests per minute per client address without a valid token. */
  readonly rateLimitAnonymousPerMinute: number;
  /** Whether this process feeds the read models (off for a writer-only process such as demo-data). */
  readonly projections: boolean;
  /**
   * Whether the read models are fed on a thread of their own (the embedded store, compiled code):
   * checking, folding and writing them then leaves the main thread to the requests.
   */
  readonly projectionThread: boolean;
  /** Signs checkpoints and export seals (Ed25519). */
  readonly signingKey: SigningKey;
  readonly signingKeyIsDevelopmentDefault: boolean;
  /** Every key the ledger has signed with, with its validity period; the current key included. */
  readonly signingKeyring: readonly KeyringEntry[];
  /** How often a signed checkpoint over the whole log is written; 0 turns it off. */
  readonly checkpointIntervalMs: number;
  /** The browser console for support staff and auditors. */
  readonly console: ConsoleConfig;
  /** Operator details for receipts beyond what the policy states (BIN, address, contact). */
  readonly operator: Partial<ControllerDetails>;
  /** Working days for legal deadlines: Kazakhstan's by default, or a file an operator keeps current. */
  readonly workingCalendar: WorkingCalendar;
  /** Where that calendar came from, for reports to cite. */
  readonly workingCalendarSource: Readonly<Record<string, string>>;
  /** How bearer tokens are verified. */
  readonly auth: AuthConfig;
  /** Wraps every person's data key; the keys live in `keyStoreFile`, apart from the event log. */
  readonly masterKey: Buffer;
  readonly masterKeyIsDevelopmentDefault: boolean;
  readonly keyStoreFile: string;
  /**
   * A PostgreSQL connection string: keys and IIN links in one database every instance shares
   * (instead of `keyStoreFile`, which is this process's own).
   */
  readonly keyStoreUrl?: string;
  /** A Redis URL: rate-limit counters every instance shares (instead of this process's memory). */
  readonly rateLimitRedisUrl?: string;
  readonly retention: RetentionRules;
  /** How often people past their retention period are erased; 0 turns it off. */
  readonly retentionSweepIntervalMs: number;
  /** Webhook delivery to the lending core, and the deadline watch that raises alarms for it. */
  readonly webhooks: WebhookConfig;
  /**
   * Rows an import decides and writes together (and checks on its thread as one batch). Smaller
   * chunks keep the rows in flight within the young generation (less garbage-collection copying) but
   * make smaller group commits, whose writers then cost more a row than was saved (docs/benchmarks.md,
   * "rows in flight").
   */
  readonly importChunkRows: number;
  /** What an operator should hear about at start-up without it stopping the start. */
  readonly warnings: readonly string[];
}

export interface WebhookConfig {
  /** Whether this process may deliver (with a PostgreSQL key store, only the one holding the deliverer lock does). */
  readonly enabled: boolean;
  /** Delivery state: each subscriber's position, failures and every attempt. */
  readonly file: string;
  /** How often idle subscribers look for new notifications. */
  readonly pollMs: number;
  /** With a PostgreSQL key store: how often an instance that does not deliver tries to take over. */
  readonly delivererPollMs: number;
  /** The first retry's delay; each further failure doubles it, up to `retryMaxMs`, with jitter. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Consecutive failures after which a subscriber is marked failing (its deliveries wait, retried at most every retryMaxMs). */
  readonly failingAfter: number;
  readonly timeoutMs: number;
  /** How often open deadlines are checked for alarms (Art. 8(7), Art. 19); 0: only on demand. */
  readonly deadlineWatchMs: number;
  /** Alarm 'approaching' while at most this many working days remain. */
  readonly deadlineNearWithinWorkingDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Only for a developer's machine; production refuses to start with it. */
const DEVELOPMENT_PSEUDONYM_KEY = createHash('sha256').update('consent-ledger development pseudonym key').digest();

/** Reads the ledger's settings from environment variables (documented in the README). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const mode = modeOf(env.NODE_ENV);
  const production = mode === 'production';
  const warnings: string[] = [];
  const dataDir = dataDirOf(env);
  const esdb = env.LEDGER_EVENTSTORE_URL?.trim();
  // A cluster's string lists several hosts (`esdb://a:2113,b:2113`), which URL() does not parse.
  if (esdb && !/^esdb(\+discover)?:\/\/\S+$/.test(esdb)) {
    throw new ConfigError('LEDGER_EVENTSTORE_URL must be an esdb://… or esdb+discover://… connection string');
  }
  const keyText = env.LEDGER_PSEUDONYM_KEY?.trim();
  const pseudonymKey = keyText ? parseKey(keyText, 'LEDGER_PSEUDONYM_KEY') : DEVELOPMENT_PSEUDONYM_KEY;
  if (production && !keyText) {
    throw new ConfigError('LEDGER_PSEUDONYM_KEY must be set in production (32+ random bytes, hex or base64)');
  }
  const masterText = env.LEDGER_MASTER_KEY?.trim();
  if (production && !masterText)
    throw new ConfigError('LEDGER_MASTER_KEY must be set in production (32 random bytes, hex or base64)');
  const signingText = env.LEDGER_SIGNING_KEY?.trim() || signingKeyFile(env.LEDGER_SIGNING_KEY_FILE, warnings);
  if (production && !signingText) {
    throw new ConfigError('LEDGER_SIGNING_KEY (or LEDGER_SIGNING_KEY_FILE) must hold an Ed25519 key in production');
  }
  const masterKey = masterText
    ? exactKey(masterText, 'LEDGER_MASTER_KEY')
    : exactKey(
        developmentKey(dataDir, 'dev-master-key', () => randomBytes(32).toString('hex')).trim(),
        'dev-master-key',
      );
  const signingKey = parseSigningKey(
    signingText || developmentKey(dataDir, 'dev-signing-key.pem', generateSigningKeyPem),
  );
  if (production) {
    if (pseudonymKey.equals(DEVELOPMENT_PSEUDONYM_KEY))
      throw new ConfigError('LEDGER_PSEUDONYM_KEY is the development key; use 32 random bytes');
    refuseDevelopmentKeys(dataDir, masterKey, signingKey, signingName(env));
    checkSecrets([
      { name: 'LEDGER_PSEUDONYM_KEY', bytes: pseudonymKey },
      { name: 'LEDGER_MASTER_KEY', bytes: masterKey },
      {
        name: signingName(env),
        bytes: seedOf(signingKey),
      },
    ]);
  }
  const keyStoreUrl = sharedComponentUrl(env.LEDGER_KEY_STORE_URL, 'LEDGER_KEY_STORE_URL', [
    'postgres:',
    'postgresql:',
  ]);
  const rateLimitRedisUrl = sharedComponentUrl(env.LEDGER_RATE_LIMIT_REDIS_URL, 'LEDGER_RATE_LIMIT_REDIS_URL', [
    'redis:',
    'rediss:',
  ]);
  if (esdb) {
    const local = [
      ...(keyStoreUrl ? [] : ['the key store (a SQLite file; set LEDGER_KEY_STORE_URL)']),
      ...(rateLimitRedisUrl ? [] : ['the rate limits (in memory; set LEDGER_RATE_LIMIT_REDIS_URL)']),
    ];
    // A second instance with its own keys would take a returning person for a new one.
    if (local.length > 0) {
      warnings.push(`on EventStoreDB, yet ${local.join(' and ')} belong to this process alone: run one instance only`);
    }
  }
  const rateLimitPerMinute = integer(env, 'LEDGER_RATE_LIMIT_PER_MINUTE', 1200, 0, 1_000_000);
  return {
    mode,
    production,
    host: hostOf(env),
    port: portOf(env),
    dataDir,
    eventStore: esdb
      ? { kind: 'esdb', connectionString: esdb }
      : { kind: 'sqlite', file: join(dataDir, 'events.sqlite') },
    readModelFile: env.LEDGER_READ_MODEL_FILE?.trim() || join(dataDir, 'read-models.sqlite'),
    pseudonymKey,
    pseudonymKeyIsDevelopmentDefault: !keyText,
    time: {
      lateWindowMs: integer(env, 'LEDGER_LATE_WINDOW_DAYS', 30, 0, MAX_LATE_WINDOW_DAYS) * DAY_MS,
      clockSkewMs: integer(env, 'LEDGER_CLOCK_SKEW_SECONDS', 120, 0, MAX_CLOCK_SKEW_SECONDS) * 1000,
    },
    readYourWritesTimeoutMs: integer(env, 'LEDGER_READ_YOUR_WRITES_TIMEOUT_MS', 5000, 0, 60000),
    bodyLimitBytes: integer(env, 'LEDGER_BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    requestTimeoutMs: integer(env, 'LEDGER_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
    logLevel: oneOf(env.LEDGER_LOG_LEVEL, 'info', 'LEDGER_LOG_LEVEL', LOG_LEVELS),
    startupVerifyMaxEvents: integer(env, 'LEDGER_STARTUP_VERIFY_MAX_EVENTS', 2_000_000, 0, 1_000_000_000),
    lookupMissLimit: integer(env, 'LEDGER_LOOKUP_MISS_LIMIT', 20, 1, 1_000_000),
    streamCacheSize: integer(env, 'LEDGER_STREAM_CACHE_SIZE', 10_000, 0, 10_000_000),
    projections: onOff(env.LEDGER_PROJECTIONS, true, 'LEDGER_PROJECTIONS'),
    projectionThread: onOff(env.LEDGER_PROJECTION_THREAD, true, 'LEDGER_PROJECTION_THREAD'),
    apiDocs: onOff(env.LEDGER_API_DOCS, !production, 'LEDGER_API_DOCS'),
    rateLimitPerMinute,
    rateLimitIinPerMinute: integer(env, 'LEDGER_RATE_LIMIT_IIN_PER_MINUTE', 300, 1, 1_000_000),
    rateLimitAnonymousPerMinute: integer(env, 'LEDGER_RATE_LIMIT_ANONYMOUS_PER_MINUTE', 60, 1, 1_000_000),
    signingKey,
    signingKeyIsDevelopmentDefault: !signingText,
    signingKeyring: keyringFrom(env.LEDGER_SIGNING_KEYRING_FILE, signingKey),
    operator: operatorDetails(env, production),
    auth: loadAuthConfig(env, dataDir, production),
    console: consoleFrom(env, production, hostOf(env), portOf(env)),
    masterKey,
    masterKeyIsDevelopmentDefault: !masterText,
    keyStoreFile: env.LEDGER_KEY_STORE_FILE?.trim() || join(dataDir, 'keys.sqlite'),
    ...(keyStoreUrl ? { keyStoreUrl } : {}),
    ...(rateLimitRedisUrl ? { rateLimitRedisUrl } : {}),
    retention: retentionFrom(env),
    retentionSweepIntervalMs: integer(env, 'LEDGER_RETENTION_SWEEP_HOURS', 24, 0, 24 * 365) * 60 * 60 * 1000,
    workingCalendar: calendarFrom(env.LEDGER_WORKING_CALENDAR_FILE),
    workingCalendarSource: env.LEDGER_WORKING_CALENDAR_FILE
      ? { file: env.LEDGER_WORKING_CALENDAR_FILE }
      : KAZAKHSTAN_CALENDAR_SOURCE,
    checkpointIntervalMs: integer(env, 'LEDGER_CHECKPOINT_INTERVAL_SECONDS', 60, 0, 86400) * 1000,
    importChunkRows: integer(env, 'LEDGER_IMPORT_CHUNK_ROWS', 1000, 10, 100_000),
    webhooks: {
      enabled: onOff(env.LEDGER_WEBHOOKS, true, 'LEDGER_WEBHOOKS'),
      file: env.LEDGER_WEBHOOK_FILE?.trim() || join(dataDir, 'webhooks.sqlite'),
      pollMs: integer(env, 'LEDGER_WEBHOOK_POLL_MS', 1000, 10, 600_000),
      delivererPollMs: integer(env, 'LEDGER_WEBHOOK_DELIVERER_POLL_MS', 3000, 10, 600_000),
      retryBaseMs: integer(env, 'LEDGER_WEBHOOK_RETRY_BASE_MS', 1000, 1, 3_600_000),
      retryMaxMs: integer(env, 'LEDGER_WEBHOOK_RETRY_MAX_MS', 3_600_000, 1, 86_400_000),
      failingAfter: integer(env, 'LEDGER_WEBHOOK_FAILING_AFTER', 8, 1, 1000),
      timeoutMs: integer(env, 'LEDGER_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
      deadlineWatchMs: integer(env, 'LEDGER_DEADLINE_WATCH_MINUTES', 60, 0, 7 * 24 * 60) * 60_000,
      deadlineNearWithinWorkingDays: integer(env, 'LEDGER_DEADLINE_NEAR_WORKING_DAYS', 3, 1, 15),
    },
    warnings,
  };
}

/** The connection string of a shared component, refused at start-up when it is not one. */
function sharedComponentUrl(value: string | undefined, name: string, protocols: readonly string[]): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const url = URL.parse(text);
  if (!url) throw new ConfigError(`${name} is not a URL (${protocols.map((p) => `${p}//…`).join(' or ')})`);
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must be a ${protocols.map((p) => `${p}//…`).join(' or ')} URL`);
  }
  return text;
}

/** The data folder: LEDGER_DATA_DIR, or ./data. */
export function dataDirOf(env: NodeJS.ProcessEnv): string {
  return resolve(env.LEDGER_DATA_DIR?.trim() || join(process.cwd(), 'data'));
}

/**
 * The address to listen on. Empty is unset, as for every setting: Node reads an empty host as every
 * interface, so a blank LEDGER_HOST in a compose file would have opened the ledger to the network.
 */
function hostOf(env: NodeJS.ProcessEnv): string {
  return env.LEDGER_HOST?.trim() || '127.0.0.1';
}

/** `LEDGER_PORT`, or `PORT` as most platforms set it; LEDGER_PORT wins when both are set. */
function portOf(env: NodeJS.ProcessEnv): number {
  const name = env.LEDGER_PORT?.trim() ? 'LEDGER_PORT' : env.PORT?.trim() ? 'PORT' : 'LEDGER_PORT';
  return integer(env, name, 3000, 0, 65535);
}

/** The signing key from a file, which must not be open to other users. */
function signingKeyFile(file: string | undefined, warnings: string[]): string | undefined {
  const text = readOptional(file);
  if (file && text !== undefined && statSync(file).mode & 0o077) {
    warnings.push(`LEDGER_SIGNING_KEY_FILE ${file} can be read by other users; chmod 600 it`);
  }
  return text;
}

/** The 32-byte seed behind an Ed25519 signing key, for the same checks as the other secrets. */
function seedOf(key: SigningKey): Buffer {
  return Buffer.from(key.privateKey.export({ format: 'jwk' }).d as string, 'base64url');
}

function retentionFrom(env: NodeJS.ProcessEnv): RetentionRules {
  const byDataCategory: Record<string, number> = {};
  for (const entry of (env.LEDGER_RETENTION_CATEGORY_YEARS ?? '').split(',').filter((e) => e.trim())) {
    const [code, years] = entry.split('=').map((p) => p.trim());
    if (!DATA_CATEGORY_CODES.includes(code))
      throw new ConfigError(`LEDGER_RETENTION_CATEGORY_YEARS: unknown data category ${code}`);
    byDataCategory[code] = Number(years);
  }
  try {
    return validateRetentionRules({
      defaultYears: integer(env, 'LEDGER_RETENTION_DEFAULT_YEARS', 5, 1, 100),
      byDataCategory,
      creditBureauYears: integer(env, 'LEDGER_RETENTION_CREDIT_BUREAU_YEARS', 10, 1, 100),
    });
  } catch (error) {
    throw new ConfigError(`retention: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function signingName(env: NodeJS.ProcessEnv): string {
  return env.LEDGER_SIGNING_KEY?.trim() ? 'LEDGER_SIGNING_KEY' : 'LEDGER_SIGNING_KEY_FILE';
}

/**
 * Production never runs on the keys development made in this data folder (copied into the settings
 * from `dev-master-key` or `dev-signing-key.pem`): they sit in a file beside the data, unguarded.
 * Reads only; production makes no development key.
 */
function refuseDevelopmentKeys(dataDir: string, masterKey: Buffer, signingKey: SigningKey, signingName: string): void {
  const development = (name: string) =>
    existsSync(join(dataDir, name)) ? readOptional(join(dataDir, name)) : undefined;
  const master = development('dev-master-key');
  if (master && masterKey.equals(exactKey(master.trim(), 'dev-master-key')))
    throw new ConfigError(`LEDGER_MASTER_KEY is the development key from ${dataDir}; use 32 random bytes`);
  const signing = development('dev-signing-key.pem');
  if (signing && seedOf(signingKey).equals(seedOf(parseSigningKey(signing))))
    throw new ConfigError(`${signingName} is the development key from ${dataDir}; make a key of its own`);
}

/** On a developer's machine only: a key made once and kept in the data folder. */
function developmentKey(dataDir: string, name: string, make: () => string): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    ensurePrivateFolder(dirname(file));
    writeFileSync(file, make(), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8');
}

function exactKey(text: string, name: string): Buffer {
  const key = parseKey(text, name);
  if (key.length !== 32) throw new ConfigError(`${name} must be exactly 32 bytes (hex or base64)`);
  return key;
}

function calendarFrom(file: string | undefined): WorkingCalendar {
  if (!file) return kazakhstanCalendar();
  try {
    return validateCalendar(JSON.parse(readOptional(file)!));
  } catch (error) {
    throw new ConfigError(`LEDGER_WORKING_CALENDAR_FILE: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function operatorDetails(env: NodeJS.ProcessEnv, production: boolean): Partial<ControllerDetails> {
  const bin = env.LEDGER_OPERATOR_BIN?.trim();
  if (bin && !/^\d{12}$/.test(bin)) throw new ConfigError('LEDGER_OPERATOR_BIN must be the 12-digit BIN');
  // The policy does not state it, and a consent's receipt must (Law 94-V Art. 8(4)(1)).
  if (production && !bin) {
    throw new ConfigError("LEDGER_OPERATOR_BIN must be set in production: every receipt states the operator's BIN");
  }
  const address = env.LEDGER_OPERATOR_ADDRESS?.trim();
  const [streetAddress, locality, postalCode] = (address ?? '').split(';').map((p) => p.trim());
  return {
    ...(bin ? { bin } : {}),
    ...(address
      ? { address: { streetAddress, locality: locality ?? '', ...(postalCode ? { postalCode } : {}), country: 'KZ' } }
      : {}),
    ...(env.LEDGER_OPERATOR_EMAIL ? { email: env.LEDGER_OPERATOR_EMAIL } : {}),
    ...(env.LEDGER_OPERATOR_PHONE ? { phone: env.LEDGER_OPERATOR_PHONE } : {}),
    ...(env.LEDGER_OPERATOR_CONTACT ? { contact: env.LEDGER_OPERATOR_CONTACT } : {}),
  };
}

function parseSigningKey(text: string): SigningKey {
  try {
    return loadSigningKey(text);
  } catch (error) {
    throw new ConfigError(`LEDGER_SIGNING_KEY: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The retired keys (LEDGER_SIGNING_KEYRING_FILE, docs/integrity.md) with the current one. */
function keyringFrom(file: string | undefined, current: SigningKey): KeyringEntry[] {
  try {
    return ledgerKeyring(file ? readKeyring(JSON.parse(readOptional(file)!)) : [], current, new Date().toISOString());
  } catch (error) {
    if (error instanceof KeyringError || error instanceof SyntaxError) {
      throw new ConfigError(`LEDGER_SIGNING_KEYRING_FILE: ${error.message}`);
    }
    throw error;
  }
}

function readOptional(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`cannot read ${file}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function oneOf(value: string | undefined, fallback: string, name: string, allowed: readonly string[]): string {
  if (value === undefined || value === '') return fallback;
  if (!allowed.includes(value))
    throw new ConfigError(
      `${name} must be ${allowed.length === 2 ? allowed.join(' or ') : `one of ${allowed.join(', ')}`}`,
    );
  return value;
}

const SWITCH_ON = ['on', 'true', 'yes', '1'];
const SWITCH_OFF = ['off', 'false', 'no', '0'];

/**
 * A switch: `on` or `off` (or true/false, yes/no, 1/0, in any case), the default when unset.
 * Anything else is refused: read loosely, `LEDGER_WEBHOOKS=false` once left webhooks on.
 */
function onOff(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  const spelt = value.trim().toLowerCase();
  if (SWITCH_ON.includes(spelt)) return true;
  if (SWITCH_OFF.includes(spelt)) return false;
  throw new ConfigError(`${name} must be on or off (or true/false, yes/no, 1/0), not "${value}"`);
}

function parseKey(text: string, name: string): Buffer {
  const key =
    /^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0 ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length < 32) throw new ConfigError(`${name} must hold at least 32 bytes (hex or base64)`);
  return key;
}
