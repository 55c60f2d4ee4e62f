import Database from 'better-sqlite3';
import { WEBHOOK } from '@ledger/ledger-log';
import { inStreamsOf, LedgerEvent, Projection } from './projection';
import { ReadModelTables } from './statements';

/** A webhook subscriber as compliance-admin configured it (the secret still sealed). */
export interface WebhookSubscriber {
  readonly subscriberId: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  /** Sealed with the subscriber's own key (see the command road); opened only to sign. */
  readonly secret: unknown;
  readonly secretFingerprint: string;
  /** The position of its first configuration: it is told of what the log records after it. */
  readonly configuredPosition: string;
  readonly configuredAt: string;
  readonly configuredBy: string;
  readonly removedAt?: string;
  /** The newest replay asked for: the event's id, and the position to start again after. */
  readonly replay?: { readonly eventId: string; readonly from?: string };
}

interface Row {
  subscriber_id: string;
  url: string;
  event_types: string;
  secret: string;
  secret_fingerprint: string;
  configured_position: string;
  configured_at: string;
  configured_by: string;
  removed_at: string | null;
  replay_event_id: string | null;
  replay_from: string | null;
}

/** Subscribers, from the `webhook-<id>` streams: configured, reconfigured, removed, replayed. */
export class WebhookSubscribersProjection extends ReadModelTables implements Projection {
  readonly name = 'webhook-subscribers';
  readonly version = 1;

  setUp(): void {
    this.db.exec(`CREATE TABLE IF NOT EXISTS webhook_subscribers (
      subscriber_id       TEXT PRIMARY KEY,
      url                 TEXT NOT NULL,
      event_types         TEXT NOT NULL,
      secret              TEXT NOT NULL,
      secret_fingerprint  TEXT NOT NULL,
      configured_position TEXT NOT NULL,
      configured_at       TEXT NOT NULL,
      configured_by       TEXT NOT NULL,
      removed_at          TEXT,
      replay_event_id     TEXT,
      replay_from         TEXT
    )`);
  }

  tearDown(): void {
    this.db.exec('DROP TABLE IF EXISTS webhook_subscribers');
  }

  apply(event: LedgerEvent): void {
    if (!inStreamsOf(event, WEBHOOK)) return;
    const id = event.data.subscriberId;
    switch (event.type) {
      case 'WebhookSubscriberConfigured': {
        const data = event.data;
        this.sql(
          `INSERT INTO webhook_subscribers
             (subscriber_id, url, event_types, secret, secret_fingerprint, configured_position, configured_at, configured_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (subscriber_id) DO UPDATE SET url = excluded.url, event_types = excluded.event_types,
             secret = excluded.secret, secret_fingerprint = excluded.secret_fingerprint, removed_at = NULL`,
        ).run(
          id,
          data.url,
          JSON.stringify(data.eventTypes),
          JSON.stringify(data.secret),
          data.secretFingerprint,
          event.position,
          event.recordedAt,
          event.meta.actor.id,
        );
        return;
      }
      case 'WebhookSubscriberRemoved':
        this.sql('UPDATE webhook_subscribers SET removed_at = ? WHERE subscriber_id = ?').run(event.recordedAt, id);
        return;
      case 'WebhookReplayRequested':
        this.sql('UPDATE webhook_subscribers SET replay_event_id = ?, replay_from = ? WHERE subscriber_id = ?').run(
          event.id,
          event.data.from ?? null,
          id,
        );
        return;
    }
  }
}

export class WebhookSubscribersQueries {
  constructor(private readonly db: Database.Database) {}

  list(): WebhookSubscriber[] {
    return this.db
      .prepare<[], Row>('SELECT * FROM webhook_subscribers ORDER BY configured_position, subscriber_id')
      .all()
      .map(toSubscriber);
  }

  get(subscriberId: string): WebhookSubscriber | undefined {
    const row = this.db
      .prepare<[string], Row>('SELECT * FROM webhook_subscribers WHERE subscriber_id = ?')
      .get(subscriberId);
    return row && toSubscriber(row);
  }
}

function toSubscriber(r: Row): WebhookSubscriber {
  return {
    subscriberId: r.subscriber_id,
    url: r.url,
    eventTypes: JSON.parse(r.event_types),
    secret: JSON.parse(r.secret),
    secretFingerprint: r.secret_fingerprint,
    configuredPosition: r.configured_position,
    configuredAt: r.configured_at,
    configuredBy: r.configured_by,
    ...(r.removed_at ? { removedAt: r.removed_at } : {}),
    ...(r.replay_event_id
      ? { replay: { eventId: r.replay_event_id, ...(r.replay_from ? { from: r.replay_from } : {}) } }
      : {}),
  };
}
