import { Logger } from '@nestjs/common';
import type { Client } from 'pg';

/**
 * The advisory lock whoever delivers webhooks holds: class 0x6c656467 ("ledg"), and the hash of the
 * key store's schema, so that ledgers sharing one database in different schemas each have their own.
 */
export const WEBHOOK_DELIVERER_LOCK = { classId: 0x6c656467, objectId: 'hashtext(current_schema())' } as const;

/** Whether this process may do what only one instance may do at a time. */
export interface Leadership {
  /** How the leader is chosen: always this process, never (opted out), or a PostgreSQL advisory lock. */
  readonly kind: 'this-process' | 'off' | 'postgres-lock';
  readonly leading: boolean;
  /** Starts trying; `changed` hears each gain and loss (a loss before anyone else can gain). */
  start(changed: (leading: boolean) => void): void;
  close(): Promise<void>;
}

export const alwaysLeading = (): Leadership => fixed('this-process', true);
export const neverLeading = (): Leadership => fixed('off', false);

function fixed(kind: Leadership['kind'], leading: boolean): Leadership {
  return {
    kind,
    leading,
    start: (changed) => leading && changed(true),
    close: async () => undefined,
  };
}

/**
 * Leads while it holds a session-level advisory lock on a connection of its own: PostgreSQL lets the
 * lock go when that session ends, so a killed leader's lock is free as soon as the server sees its
 * connection close. The others try again every `pollMs`. The leader checks its connection on the
 * same beat, and stops leading the moment the connection errs or ends — before the server lets
 * anyone else take the lock, as long as the server is the one that ends the session.
 */
export class AdvisoryLockLeadership implements Leadership {
  readonly kind = 'postgres-lock';
  private client?: Client;
  private held = false;
  private closed = false;
  private timer?: NodeJS.Timeout;
  private beat?: Promise<void>;
  private changed: (leading: boolean) => void = () => undefined;

  constructor(
    private readonly connectionString: string,
    private readonly pollMs: number,
    private readonly logger = new Logger('Leadership'),
  ) {}

  get leading(): boolean {
    return this.held;
  }

  start(changed: (leading: boolean) => void): void {
    this.changed = changed;
    const tick = () => {
      this.beat = this.tryOnce().finally(() => {
        if (!this.closed) this.timer = setTimeout(tick, this.pollMs).unref();
      });
    };
    tick();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.beat;
    // Ending the session lets the lock go at once: another instance takes over on its next try.
    await this.lose(this.client);
  }

  private async tryOnce(): Promise<void> {
    try {
      const client = this.client ?? (await this.connect());
      if (this.held) {
        await client.query('SELECT 1');
        return;
      }
      const { rows } = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock($1, ${WEBHOOK_DELIVERER_LOCK.objectId}) AS locked`,
        [WEBHOOK_DELIVERER_LOCK.classId],
      );
      // A session lost or closed meanwhile has let the lock go with it.
      if (rows[0]?.locked && this.client === client && !this.closed) {
        this.held = true;
        this.logger.log('this instance now delivers webhooks');
        this.changed(true);
      }
    } catch (error) {
      this.lose(this.client, error);
    }
  }

  private async connect(): Promise<Client> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured: the embedded ledger never needs it
    const { Client: PgClient } = require('pg') as typeof import('pg');
    const client = new PgClient({
      connectionString: this.connectionString,
      connectionTimeoutMillis: 3000,
      // The beat's check must fail, not hang, on a server that stops answering: a leader that cannot
      // tell it still holds the lock stops delivering before the server lets another take it.
      query_timeout: Math.max(1000, this.pollMs),
      keepAlive: true,
      application_name: 'consent-ledger-leadership',
    });
    // Whatever ends the session ends the leadership with it, at once, not at the next beat.
    client.on('error', (error) => this.lose(client, error));
    client.on('end', () => this.lose(client));
    this.client = client;
    try {
      await client.connect();
    } catch (error) {
      this.lose(client, error);
      throw error;
    }
    return client;
  }

  /** Gives up the session (and with it the lock); resolves once it has ended. */
  private lose(client: Client | undefined, error?: unknown): Promise<void> {
    if (!client || this.client !== client) return Promise.resolve();
    this.client = undefined;
    const ended = client.end().catch(() => undefined);
    if (this.held) {
      this.held = false;
      if (!this.closed)
        this.logger.warn(`this instance stopped delivering webhooks: ${String(error ?? 'connection ended')}`);
      this.changed(false);
    }
    return ended;
  }
}
