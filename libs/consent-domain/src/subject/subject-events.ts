import { Instant } from '../shared/instant';

/** How the consent was collected (Law 94-V Art. 8(1): any way that lets receipt be confirmed). */
export const COLLECTION_METHODS = ['web-checkbox', 'sms-one-time-code', 'digital-signature', 'paper', 'egov'] as const;
export type CollectionMethod = (typeof COLLECTION_METHODS)[number];

export const LANGUAGES = ['kk', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Art. 8(5)-(6): a term, or until the purposes are achieved when none is stated. */
export type ConsentTerm =
  { readonly kind: 'until'; readonly until: Instant } | { readonly kind: 'until-purposes-achieved' };

/** When a term runs out; undefined when it lasts until the purposes are achieved. */
export const termEndAt = (term: ConsentTerm): Instant | undefined => (term.kind === 'until' ? term.until : undefined);

export interface Evidence {
  /** What the evidence is: `sms-log`, `signed-document`, `scan`, `egov-receipt`, `web-session`. */
  readonly kind: string;
  /** Where the lender keeps it (an id in its document system, not the document itself); sealed when stored. */
  readonly reference: PersonalText;
  /** SHA-256 of the evidence, hex, so that the document can be checked against the ledger later. */
  readonly sha256?: string;
}

/**
 * Personal data the domain carries but never reads: the person's identifiers, sealed by the app
 * with the person's own key before they reach a decision (see libs/personal-data).
 */
export interface SealedValue {
  readonly $sealed: unknown;
}

/**
 * Free text a caller writes about a person (a reference, a note): it may name them, so it is sealed
 * with their key before it is stored (see PERSONAL_FIELDS), and the domain never reads it.
 */
export type PersonalText = string | SealedValue;

/** A person's identifiers (IIN, name, contacts): as given in a command, sealed once stored. */
export type PersonalValue = SealedValue | Readonly<Record<string, string>>;

export interface PolicyVersionRef {
  readonly policyId: string;
  readonly version: string;
}

/**
 * The part of a consent a withdrawal takes back. An absent list means "all" on that dimension;
 * with no field at all, the whole consent is withdrawn. `crossBorderTransfer` and `publication`
 * take back those separate permissions (Art. 7(6)) and, alone, leave the rest of the consent.
 */
export interface WithdrawalScope {
  readonly purposes?: readonly string[];
  readonly recipients?: readonly string[];
  readonly dataCategories?: readonly string[];
  readonly crossBorderTransfer?: boolean;
  readonly publication?: boolean;
}

export type DisclosureBasis =
  | {
      readonly kind: 'consent';
      /** Which consent covers which of the disclosed data categories. */
      readonly consents: readonly { readonly consentId: string; readonly dataCategories: readonly string[] }[];
    }
  | { readonly kind: 'legal-basis'; readonly legalBasis: string; readonly citation: string };

/**
 * Every reason the domain gives for not allowing something: a disclosure or check (validity) or a
 * withdrawal (the decider). A closed list, so that whatever explains them to a person covers each.
 */
export const REASON_CODES = [
  'no-consent',
  'consent-given-later',
  'withdrawn',
  'term-ended',
  'purposes-achieved',
  'policy-not-accepted',
  'cross-border-not-allowed',
  'cross-border-withdrawn',
  'legal-basis-not-applicable',
  'subject-erased',
  'obligations-unfulfilled',
  'required-by-law',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** Why something was not allowed, with the event that shows it where there is one. */
export interface Reason {
  readonly code: ReasonCode;
  readonly message: string;
  readonly dataCategories?: readonly string[];
  readonly consentId?: string;
  readonly eventId?: string;
  readonly citation?: string;
}

export type ConsentGranted = {
  readonly type: 'ConsentGranted';
  readonly data: {
    readonly consentId: string;
    readonly purposes: readonly string[];
    readonly dataCategories: readonly string[];
    readonly recipients: readonly string[];
    readonly crossBorderTransferAllowed: boolean;
    readonly publicationAllowed: boolean;
    /** The person asked to be told of each transfer to a third party (Art. 19). */
    readonly notifyOnDisclosure: boolean;
    readonly term: ConsentTerm;
    readonly policyShown: PolicyVersionRef;
    readonly language: Language;
    readonly collectionMethod: CollectionMethod;
    readonly evidence: readonly Evidence[];
    readonly catalogueVersion: string;
    /** The person's IIN, name and contacts, sealed (Law 94-V Art. 8(4)(2) needs the name). */
    readonly identifiers?: PersonalValue;
  };
};

/** What a withdrawal asked for, recorded alike whether it was carried out or refused. */
type WithdrawalAsked = {
  readonly withdrawalId: string;
  /** Absent: every consent the person had given by then. */
  readonly consentId?: string;
  /** What was withdrawn; on a refusal, the part of the request that was refused. */
  readonly scope: WithdrawalScope;
  readonly channel: CollectionMethod;
};

export type ConsentWithdrawn = {
  readonly type: 'ConsentWithdrawn';
  readonly data: WithdrawalAsked & {
    /**
     * Of the purposes the scope names, those the person's consents given by then held: what it took, as
     * the lending core is told. The scope stays as asked, so that it still reaches paper consents keyed
     * in later. Absent on events recorded before it was kept, and where the scope names no purposes.
     */
    readonly purposesTaken?: readonly string[];
    /** As purposesTaken, of the recipients the scope names (a purpose's transfers name the whole catalogue's). */
    readonly recipientsTaken?: readonly string[];
    readonly evidence: readonly Evidence[];
  };
};

export type WithdrawalRefused = {
  readonly type: 'WithdrawalRefused';
  readonly data: WithdrawalAsked & {
    readonly reason: Reason;
    readonly openLoans: readonly string[];
    /**
     * The whole scope the person asked for, when they named no consent: it reaches the consents dated
     * before it and keyed in after it, read under Art. 8(2) as any withdrawal (validity `scopesTaken`).
     * Absent on a withdrawal naming a consent, and on events recorded before it was kept.
     */
    readonly scopeAsked?: WithdrawalScope;
  };
};

export type PolicyVersionAccepted = {
  readonly type: 'PolicyVersionAccepted';
  readonly data: PolicyVersionRef & {
    readonly method: CollectionMethod;
    /** The consent whose grant carried the acceptance (policy §6.1), if any. */
    readonly viaConsentId?: string;
    readonly evidence: readonly Evidence[];
  };
};

export type LoanContractSigned = {
  readonly type: 'LoanContractSigned';
  readonly data: { readonly loanId: string };
};

export type LoanObligationsFulfilled = {
  readonly type: 'LoanObligationsFulfilled';
  readonly data: { readonly loanId: string };
};

export type ConsentPurposesAchieved = {
  readonly type: 'ConsentPurposesAchieved';
  readonly data: { readonly consentId: string; readonly purposes: readonly string[] };
};

/** What a disclosure asked for, recorded alike whether the ledger allowed it or refused it. */
type DisclosureAsked = {
  readonly disclosureId: string;
  readonly recipient: string;
  readonly purpose: string;
  readonly dataCategories: readonly string[];
  readonly crossBorder: boolean;
  readonly requestedLegalBasis?: string;
  readonly reference?: PersonalText;
  readonly catalogueVersion: string;
};

export type DisclosureRecorded = {
  readonly type: 'DisclosureRecorded';
  readonly data: DisclosureAsked & {
    readonly basis: DisclosureBasis;
    /** A consent asked for notice of transfers: the person must be told within 10 working days (Art. 19). */
    readonly subjectToBeNotified: boolean;
  };
};

export type DisclosureRefused = {
  readonly type: 'DisclosureRefused';
  readonly data: DisclosureAsked & { readonly reasons: readonly Reason[] };
};

/** The lender and the third parties stopped processing after a withdrawal (Law 94-V Art. 8(7)). */
export type ProcessingStopped = {
  readonly type: 'ProcessingStopped';
  readonly data: {
    readonly withdrawalId: string;
    /** The notification of the withdrawal that asked for the stop, as the lending core received it. */
    readonly notificationId?: string;
    readonly note?: PersonalText;
  };
};

/** The person was told of a transfer of their data, as their consent asked (Law 94-V Art. 19). */
export type SubjectNotified = {
  readonly type: 'SubjectNotified';
  readonly data: { readonly disclosureId: string; readonly channel: NoticeChannel; readonly reference?: PersonalText };
};

export const ERASURE_REASONS = [
  'retention-expired',
  'court-decision',
  'unlawful-collection',
  'subject-request',
] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

/**
 * The person's data key was destroyed: their identifiers can never be read again, while the
 * events, and the chains over them, stay (Law 94-V Art. 18, 25(2)(4)).
 */
export type SubjectErased = {
  readonly type: 'SubjectErased';
  readonly data: { readonly reason: ErasureReason; readonly legalReference?: PersonalText };
};

export const NOTICE_CHANNELS = ['sms', 'email', 'post', 'personal-cabinet', 'egov'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

export type SubjectEvent =
  | ConsentGranted
  | ConsentWithdrawn
  | WithdrawalRefused
  | PolicyVersionAccepted
  | LoanContractSigned
  | LoanObligationsFulfilled
  | ConsentPurposesAchieved
  | DisclosureRecorded
  | DisclosureRefused
  | ProcessingStopped
  | SubjectNotified
  | SubjectErased;

export type SubjectEventType = SubjectEvent['type'];

/**
 * Every subject event type, with its current schema version and the fields that hold a person's
 * identifiers or free text (sealed with their own key before anything is stored, Law 94-V Art. 18:
 * destroying the key must leave nothing readable). `satisfies` makes a new event type that is not
 * listed here fail to compile.
 */
export const SUBJECT_EVENTS = {
  ConsentGranted: { schemaVersion: 1, personal: ['identifiers', 'evidence[].reference'] },
  ConsentWithdrawn: { schemaVersion: 1, personal: ['evidence[].reference'] },
  WithdrawalRefused: { schemaVersion: 1, personal: [] },
  PolicyVersionAccepted: { schemaVersion: 1, personal: ['evidence[].reference'] },
  LoanContractSigned: { schemaVersion: 1, personal: [] },
  LoanObligationsFulfilled: { schemaVersion: 1, personal: [] },
  ConsentPurposesAchieved: { schemaVersion: 1, personal: [] },
  DisclosureRecorded: { schemaVersion: 1, personal: ['reference'] },
  DisclosureRefused: { schemaVersion: 1, personal: ['reference'] },
  ProcessingStopped: { schemaVersion: 1, personal: ['note'] },
  SubjectNotified: { schemaVersion: 1, personal: ['reference'] },
  SubjectErased: { schemaVersion: 1, personal: ['legalReference'] },
} as const satisfies Record<SubjectEventType, { schemaVersion: number; personal: readonly string[] }>;
