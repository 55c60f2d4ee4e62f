import { Instant, POLICY_EVENTS, Recorded, SUBJECT_EVENTS } from '@ledger/consent-domain';
import { EventToAppend, StoredEvent } from '@ledger/event-store';
import { eventIdFor } from './ids';
import { canonicalCopy, inCanonicalForm } from './canonical-json';
import { LedgerEventType } from './ledger-events';

/** Who caused an event: a calling system (the lending core), a person, or the ledger itself. */
export interface Actor {
  readonly kind: 'client' | 'user' | 'system';
  readonly id: string;
  readonly role?: string;
}

/**
 * Metadata of every ledger event. The correlation keys follow EventStoreDB's `$correlationId` /
 * `$causationId`. `occurredAt` is the caller's word for when it happened; `recordedAt` is the
 * ledger's clock when it was written.
 */
export interface LedgerMetadata {
  readonly schemaVersion: number;
  readonly commandId: string;
  readonly $correlationId: string;
  readonly $causationId: string;
  readonly actor: Actor;
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
  /** A digest of the request, so that a reused idempotency key with another body is caught. */
  readonly requestDigest?: string;
  /** The hash of the previous event of the stream, and this event's own (docs/integrity.md). */
  readonly previousHash?: string;
  readonly hash?: string;
  /** Recorded by a bulk import: which one, and from which line of its file. */
  readonly imported?: { readonly importId: string; readonly line: number };
  readonly [extension: string]: unknown;
}

export interface CommandEnvelope {
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId?: string;
  readonly actor: Actor;
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
  readonly requestDigest?: string;
  /** Recorded by a bulk import: which one, and from which line of its file. */
  readonly imported?: { readonly importId: string; readonly line: number };
}

/**
 * Every event type the ledger writes: its current schema version and its personal fields (sealed
 * with the owner's key before it is stored). The command road, the projections and the export all
 * read this one list, and `satisfies` keeps it and the typed events (ledger-events.ts) in step.
 */
export const LEDGER_EVENTS: Readonly<
  Record<string, { readonly schemaVersion: number; readonly personal: readonly string[] }>
> = {
  ...SUBJECT_EVENTS,
  ...POLICY_EVENTS,
  CommandReceived: { schemaVersion: 1, personal: [] },
  LogCheckpointSigned: { schemaVersion: 1, personal: [] },
  PersonalDataAccessed: { schemaVersion: 1, personal: ['reason'] },
  LookupMissed: { schemaVersion: 1, personal: [] },
  LookupMissesExceeded: { schemaVersion: 1, personal: [] },
  // Notifications to the lending core: its alarms, its subscribers (the secret sealed) and their replays.
  DeadlineAlarmRaised: { schemaVersion: 1, personal: [] },
  WebhookSubscriberConfigured: { schemaVersion: 1, personal: ['secret'] },
  WebhookSubscriberRemoved: { schemaVersion: 1, personal: [] },
  WebhookReplayRequested: { schemaVersion: 1, personal: [] },
  // Bulk imports of historical facts: who imported which file, and how it ended.
  ImportStarted: { schemaVersion: 1, personal: [] },
  ImportCompleted: { schemaVersion: 1, personal: [] },
} satisfies Record<LedgerEventType, { readonly schemaVersion: number; readonly personal: readonly string[] }>;

/** The ledger's own event types with their current schema versions. */
export const SCHEMA_VERSIONS: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(LEDGER_EVENTS).map(([type, { schemaVersion }]) => [type, schemaVersion]),
);

/** Reads one schema version of an event's data and answers it in the next. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * Each event type's current schema version and the upcasters that bring older stored data up to it,
 * keyed by the version they read. Whoever reads the log (the projection runner, the command road)
 * takes an instance, so a test can give a type a schema v2 without touching the ledger's own list.
 */
export class EventSchemas {
  constructor(
    readonly versions: Readonly<Record<string, number>>,
    private readonly upcasters: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = {},
  ) {}

  /** These schemas with `type` at `version`, read from older versions by `steps`. */
  with(type: string, version: number, steps: Readonly<Record<number, Upcaster>>): EventSchemas {
    return new EventSchemas(
      { ...this.versions, [type]: version },
      { ...this.upcasters, [type]: { ...this.upcasters[type], ...steps } },
    );
  }

  /** A stored event's data in the current schema of its type (refused when unknown or newer). */
  currentData(event: StoredEvent): Record<string, unknown> {
    const from = metadataOf(event).schemaVersion ?? 1;
    const current = this.currentVersion(event, from);
    let data = event.data;
    for (let v = from; v < current; v++) data = this.upcasters[event.type][v](data);
    return data;
  }

  /**
   * The current schema version of the event's type, once it is known that its data (stored in schema
   * `from`) can be brought up to it: the refusals of `currentData`, without the data.
   */
  currentVersion(
    event: { readonly type: string; readonly stream: string; readonly revision: number },
    from: number,
  ): number {
    const current = this.versions[event.type];
    if (current === undefined) throw new Error(`unknown event type ${event.type} at ${event.stream}@${event.revision}`);
    if (from > current) {
      throw new Error(`${event.type} schema ${from} is newer than this ledger understands (${current})`);
    }
    for (let v = from; v < current; v++) {
      if (!this.upcasters[event.type]?.[v]) throw new Error(`no upcaster for ${event.type} from schema ${v}`);
    }
    return current;
  }
}

/** The ledger's schemas: every type still at the version it was first written in, so no upcasters yet. */
export const LEDGER_SCHEMAS = new EventSchemas(SCHEMA_VERSIONS);

export function toAppend(
  events: readonly { readonly type: string; readonly data: object }[],
  envelope: CommandEnvelope,
): EventToAppend[] {
  return events.map((event, index) => {
    const schemaVersion = SCHEMA_VERSIONS[event.type];
    if (schemaVersion === undefined) throw new Error(`no schema version for event type ${event.type}`);
    // Written with its keys in canonical order, so that chaining it needs no sorted copy.
    const metadata: LedgerMetadata = {
      $causationId: envelope.causationId ?? envelope.commandId,
      $correlationId: envelope.correlationId,
      actor: inCanonicalForm(envelope.actor),
      commandId: envelope.commandId,
      ...(envelope.imported ? { imported: inCanonicalForm(envelope.imported) } : {}),
      occurredAt: envelope.occurredAt,
      recordedAt: envelope.recordedAt,
      ...(envelope.requestDigest ? { requestDigest: envelope.requestDigest } : {}),
      schemaVersion,
    };
    return {
      id: eventIdFor(envelope.commandId, index),
      type: event.type,
      // A plain-JSON copy with its keys in canonical order (undefined members dropped).
      data: canonicalCopy(event.data) as Record<string, unknown>,
      metadata: metadata as unknown as Record<string, unknown>,
    };
  });
}

export function metadataOf(event: { readonly metadata: Record<string, unknown> }): LedgerMetadata {
  return event.metadata as unknown as LedgerMetadata;
}

/** A stored event as the domain sees it: current schema, both times, and where it came from. */
export function toRecorded<E extends { type: string; data: unknown }>(
  event: StoredEvent,
  schemas = LEDGER_SCHEMAS,
): Recorded<E> {
  const meta = metadataOf(event);
  return {
    type: event.type,
    data: schemas.currentData(event),
    occurredAt: meta.occurredAt,
    recordedAt: meta.recordedAt,
    ref: { eventId: event.id, revision: event.revision },
  } as unknown as Recorded<E>;
}
