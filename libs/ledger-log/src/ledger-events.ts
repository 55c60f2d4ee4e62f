import { PolicyEvent, SubjectEvent } from '@ledger/consent-domain';

/** Who looked: the principal's subject and the role it acted in. */
export interface Accessor {
  readonly sub: string;
  readonly role: string;
}

/** What a look at personal data recorded: who, under which role, why, when, and what was shown. */
export interface PersonalDataAccessed {
  readonly type: 'PersonalDataAccessed';
  readonly data: {
    readonly accessor: Accessor;
    /** Which view of the data was shown. */
    readonly view: string;
    readonly parameters: Readonly<Record<string, unknown>>;
    /** The stated reason; sealed with the person's own key by the command road (it may name them). */
    readonly reason?: unknown;
    /** For a read across many people: how many records it showed. */
    readonly records?: number;
  };
}

/** A look for a person the ledger does not know: who asked, in which view (nothing of whom they asked for). */
export interface LookupMissed {
  readonly type: 'LookupMissed';
  readonly data: { readonly accessor: Accessor; readonly view: string };
}

/** A principal's misses reached the hourly limit: reported once, as a sign of guessing. */
export interface LookupMissesExceeded {
  readonly type: 'LookupMissesExceeded';
  readonly data: {
    readonly accessor: Accessor;
    readonly misses: number;
    readonly windowMinutes: number;
    readonly limit: number;
  };
}

export type AccessEvent = PersonalDataAccessed | LookupMissed | LookupMissesExceeded;

/** A subscriber pointed at a URL; its secret is sealed with the subscriber's own key before it is stored. */
export interface WebhookSubscriberConfigured {
  readonly type: 'WebhookSubscriberConfigured';
  readonly data: {
    readonly subscriberId: string;
    readonly url: string;
    readonly eventTypes: readonly string[];
    /** The Standard Webhooks secret when decided; sealed (unreadable once the key is destroyed) when stored. */
    readonly secret: unknown;
    readonly secretFingerprint: string;
  };
}

export interface WebhookSubscriberRemoved {
  readonly type: 'WebhookSubscriberRemoved';
  readonly data: { readonly subscriberId: string };
}

export interface WebhookReplayRequested {
  readonly type: 'WebhookReplayRequested';
  /** `from`: the exclusive position in the log to send again after; absent for the whole log. */
  readonly data: { readonly subscriberId: string; readonly from?: string };
}

export type WebhookEvent = WebhookSubscriberConfigured | WebhookSubscriberRemoved | WebhookReplayRequested;

/** The ledger's own bookkeeping events, which no read model looks into. */
export interface BookkeepingEvent {
  readonly type:
    'CommandReceived' | 'LogCheckpointSigned' | 'DeadlineAlarmRaised' | 'ImportStarted' | 'ImportCompleted';
  readonly data: Readonly<Record<string, unknown>>;
}

/** Every event the ledger writes, discriminated by its type: `switch (event.type)` narrows its data. */
export type LedgerEventBody = SubjectEvent | PolicyEvent | AccessEvent | WebhookEvent | BookkeepingEvent;

export type LedgerEventType = LedgerEventBody['type'];
