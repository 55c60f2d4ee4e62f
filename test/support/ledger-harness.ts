import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { addMs, Instant, isValidIin, iinCheckDigit, toInstant } from '@ledger/consent-domain';
import { EventStore, SqliteEventStore } from '@ledger/event-store';
import { ProjectionThreadOptions } from '@ledger/projections';
import { createLedgerApp } from '../../apps/ledger/src/bootstrap';
import { loadConfig, LedgerConfig } from '../../apps/ledger/src/config/ledger-config';
import { Clock } from '../../apps/ledger/src/ledger/clock';
import { Role } from '../../apps/ledger/src/auth/roles';
import { EVENT_STORE } from '../../apps/ledger/src/ledger/tokens';
import { LedgerLogger } from '../../apps/ledger/src/observability/logger';
import { builtThread } from './service-process';
import { devToken } from './tokens';

export const DAY = 24 * 60 * 60 * 1000;

/** A clock the test moves; it starts at the real time and never runs backwards unless pinned. */
export class TestClock implements Clock {
  private offset = 0;
  private last = 0;
  private pinned?: Instant;

  now(): Instant {
    if (this.pinned) return this.pinned;
    this.last = Math.max(this.last, Date.now() + this.offset);
    return toInstant(this.last);
  }

  advance(ms: number): void {
    this.offset += ms;
  }

  /** Holds the clock at `instant` (for replaying a generated history) until `release`. */
  set(instant: Instant): void {
    this.pinned = instant;
  }

  release(): void {
    this.pinned = undefined;
  }
}

export interface StoreFactory {
  readonly name: string;
  /** Opens the event store the ledger under test writes to; `dir` is the test's own folder. */
  open(dir: string): Promise<EventStore>;
  /** Releases what `open` set up beyond the store itself. */
  dispose?(): Promise<void>;
}

export const sqliteStores: StoreFactory = {
  name: 'SQLite',
  // The ledger under test holds the folder's lock, as the service does: it is the store's one writer.
  open: async (dir) => new SqliteEventStore({ file: join(dir, 'events.sqlite'), exclusive: true }),
};

export interface Ledger {
  readonly app: NestFastifyApplication;
  readonly config: LedgerConfig;
  readonly store: EventStore;
  readonly clock: TestClock;
  readonly dir: string;
  /** Sends with a token holding `as` (default: lending-core, auditor and compliance-admin); `as: null` sends none. */
  request(
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
    as?: readonly Role[] | null,
  ): Promise<Reply>;
  /** A bearer token for these roles. */
  token(roles: readonly Role[], sub?: string): Promise<string>;
  /** POST a command with an idempotency key. */
  command(url: string, key: string, body: unknown): Promise<Reply>;
  close(): Promise<void>;
}

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: any;
}

/** The read models' thread as built (a thread cannot run the sources). */
export const builtProjectionThread = (): Omit<ProjectionThreadOptions, 'eventsFile'> =>
  builtThread('libs/projections/src/projection-thread.js');

let keySeq = 0;
/** A fresh idempotency key. */
export const key = (label = 'cmd') => `${label}-${process.pid}-${Date.now().toString(36)}-${++keySeq}`;

/** Starts the ledger in-process on a fresh folder (or `dir`), with the given store. */
export async function startLedger(
  stores: StoreFactory = sqliteStores,
  options: { dir?: string; env?: Record<string, string>; store?: EventStore; logger?: LedgerLogger } = {},
): Promise<Ledger> {
  // The embedded store's read models are fed on their own thread, as the built service feeds them.
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LEDGER_DATA_DIR: dir,
    LEDGER_PORT: '0',
    LEDGER_READ_YOUR_WRITES_TIMEOUT_MS: '5000',
    // Tests drive thousands of requests with one token; the rate limit has its own test.
    LEDGER_RATE_LIMIT_PER_MINUTE: '0',
    // LEDGER_PROJECTION_THREAD=off in the test's environment runs a suite with the read models on the main thread.
    ...(process.env.LEDGER_PROJECTION_THREAD ? { LEDGER_PROJECTION_THREAD: process.env.LEDGER_PROJECTION_THREAD } : {}),
    ...options.env,
  });
  // The embedded store is opened by the app itself, wired as in production (its signals feed the metrics).
  const given = options.store ?? (stores === sqliteStores ? undefined : await stores.open(dir));
  const clock = new TestClock();
  const app = await createLedgerApp(
    config,
    { clock, ...(given ? { store: given } : {}), projectionThread: builtProjectionThread() },
    { logger: options.logger ?? false },
  );
  const store = given ?? app.get<EventStore>(EVENT_STORE);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  const privateKeyPem = config.auth.developmentPrivateKeyPem!;
  const token: Ledger['token'] = (roles, sub) => devToken(privateKeyPem, roles, { sub });
  const defaultToken = await token(['lending-core', 'auditor', 'compliance-admin'], 'test-harness');
  const request: Ledger['request'] = async (method, url, body, headers = {}, as) => {
    const authorization = as === null ? undefined : as === undefined ? defaultToken : await token(as);
    const response = await app.inject({
      method,
      url,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(authorization ? { authorization: `Bearer ${authorization}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = response.body;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.statusCode, headers: response.headers, body: parsed };
  };

  return {
    app,
    config,
    store,
    clock,
    dir,
    request,
    token,
    command: (url, idempotencyKey, body) => request('POST', url, body, { 'idempotency-key': idempotencyKey }),
    close: async () => {
      await app.close();
    },
  };
}

export function removeDir(dir: string): void {
  // A SQLite file closed by another thread a moment ago may still be unlinking its -wal and -shm
  // files (seen under load: ENOTEMPTY); Node retries exactly those errors.
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}

/** The end of a ledger a test started: closed, then its folder removed. */
export async function closeAndRemove(ledger: Ledger): Promise<void> {
  await ledger.close();
  removeDir(ledger.dir);
}

/** Valid IINs, different each call. */
let iinSeq = 0;
export function newIin(): string {
  for (;;) {
    iinSeq += 1;
    const first11 = `9${String(100000 + ((process.pid * 7919 + iinSeq * 104729) % 900000)).padStart(6, '0')}${String(iinSeq % 10000).padStart(4, '0')}`;
    const digits = [...first11].map(Number);
    const check = iinCheckDigit(digits);
    if (check !== undefined && isValidIin(first11 + check)) return first11 + check;
  }
}

/** An instant relative to the ledger's clock. */
export const ago = (ledger: Ledger, ms: number): Instant => addMs(ledger.clock.now(), -ms);

/**
 * Runs `fn` over the items, `limit` at a time: queries that each append an access event then share
 * group commits instead of waiting for one fsync each.
 */
export async function eachAtOnce<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
