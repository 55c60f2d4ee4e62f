import { CatalogueIndex, Labels } from '../catalogue/catalogue';
import { CollectionMethod, ConsentTerm, Evidence, Language, WithdrawalScope } from '../subject/subject-events';
import { Fact, PurposesAchievedRecord } from '../subject/subject-state';
import { PolicyVersion } from '../policy/policy-decider';
import { RetentionRules } from '../subject/retention';
import { Instant } from '../shared/instant';
import { ConsentStatus, ConsentView, PolicyStanding } from '../validity/validity';

/**
 * A consent receipt: what the ledger can hand a person or an auditor for one consent. One JSON
 * document carries three readings of the same consent — the Kantara Consent Receipt v1.1 fields at
 * the top level (so the document validates against that schema), the ISO/IEC TS 27560 record
 * fields under `iso27560`, and the content Law 94-V Art. 8(4) requires of a consent under `law94v`.
 */

export const KANTARA_RECEIPT_VERSION = 'KI-CR-v1.1.0';
export const ISO_27560_SCHEMA_VERSION = 'ISO/IEC TS 27560:2023';
export const RECEIPT_SERVICE = 'Microcredit';

export interface PostalAddress {
  readonly streetAddress: string;
  readonly locality: string;
  readonly region?: string;
  readonly postalCode?: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

/** The operator (the lender) as configured; the ledger's events do not carry it. */
export interface ControllerDetails {
  readonly name: string;
  /** The name per language, as the policy gives it; a receipt uses the one of its language. */
  readonly names?: Partial<Labels>;
  /** Business identification number; configuration that may not be set yet. */
  readonly bin?: string;
  readonly address: PostalAddress;
  readonly email: string;
  readonly phone: string;
  /** Who or which office to contact about personal data. */
  readonly contact: string;
  readonly url?: string;
}

export interface ReceiptSubject {
  /** The pseudonym the ledger knows the person by; never the IIN. */
  readonly subjectId: string;
  /** The ledger does not keep names; the caller may supply one from the lending core. */
  readonly fullName?: string;
  /** The person's phone and e-mail, where the grant gave them (held sealed with their key). */
  readonly phone?: string;
  readonly email?: string;
  /**
   * The grant carried the person's identifiers, sealed, and this receipt is made without opening them
   * (from an export, which carries only the ciphertext): they are held, not absent.
   */
  readonly identifiersSealed?: boolean;
  /**
   * The person's erasure, when their identifiers are gone with their key as the receipt is made —
   * whatever T it is about: a receipt about a moment before the erasure still cannot state them, and
   * says they were destroyed, not that they were never held (Law 94-V Art. 18).
   */
  readonly identifiersErased?: Fact;
}

export interface ReceiptInput {
  /**
   * The consent at `at` as known at `issuedAt` (from `consentsAt` with at = `at`, knownAt = issuedAt):
   * a receipt as the ledger issues it has at = knownAt = issuedAt; an auditor's may ask about an earlier T.
   */
  readonly consent: ConsentView;
  /** The moment the view answers about; `issuedAt` when absent. Nothing after it is in the consent's life. */
  readonly at?: Instant;
  readonly catalogue: CatalogueIndex;
  /** The policy version the grant says was shown, if the caller has it. */
  readonly policyShown: PolicyVersion | undefined;
  readonly controller: ControllerDetails;
  readonly subject: ReceiptSubject;
  /** When the receipt is issued: the caller's clock, since the domain has none. */
  readonly issuedAt: Instant;
  readonly jurisdiction: 'KZ';
  /**
   * The facts behind `consent.purposesAchieved`, so that their events can be dated. The view keeps
   * only the purposes; without these, such an event is dated "by `at` at the latest".
   */
  readonly purposesAchieved?: readonly PurposesAchievedRecord[];
  /** The person's erasure, when the ledger knew it at `issuedAt`: their identifiers are gone with their key. */
  readonly erased?: Fact;
  /** How long data is kept (configuration): without it the receipt states only the consent's term. */
  readonly retention?: RetentionRules;
}

/** A catalogue code with its label in the consent's language and in English. */
export interface Named {
  readonly code: string;
  readonly label: string;
  readonly en: string;
}

/** A value the receipt must state but the ledger may not have: then it says why, never invents. */
export type Stated =
  | { readonly value: string }
  | { readonly absent: 'not-configured' | 'not-held-by-ledger' | 'sealed' | 'erased'; readonly note: string };

export interface RecipientEntry extends Named {
  readonly kind: string;
  readonly country: string;
  readonly crossBorder: boolean;
}

export interface DataCategoryEntry extends Named {
  readonly source: string;
  readonly directIdentifier: boolean;
}

export interface TermEntry {
  readonly kind: ConsentTerm['kind'];
  readonly until?: Instant;
  /** In the consent's language (Kantara's `termination`). */
  readonly label: string;
  /** In English. */
  readonly text: string;
  readonly citation: string;
}

// ---- Kantara Consent Receipt v1.1 ----

export interface KantaraController {
  readonly piiController: string;
  readonly onBehalf: boolean;
  readonly contact: string;
  readonly address: PostalAddress;
  readonly email: string;
  readonly phone: string;
  readonly piiControllerUrl?: string;
}

export interface KantaraPurpose {
  readonly purpose: string;
  readonly consentType: 'EXPLICIT';
  readonly purposeCategory: readonly string[];
  readonly piiCategory: readonly string[];
  readonly primaryPurpose: boolean;
  readonly termination: string;
  readonly thirdPartyDisclosure: boolean;
  readonly thirdPartyName?: string;
}

export interface KantaraService {
  readonly service: string;
  readonly purposes: readonly KantaraPurpose[];
}

// ---- ISO/IEC TS 27560 ----

export interface PrivacyNotice {
  readonly policyId: string;
  readonly version: string;
  /** False when the caller did not supply the version shown: url and hash are then unknown here. */
  readonly textHeld: boolean;
  readonly language?: Language;
  readonly url?: string;
  readonly sha256?: string;
  readonly effectiveFrom?: Instant;
  readonly materialChange?: boolean;
  readonly publishedEventId?: string;
}

/** What a field would hold, said to be absent rather than left out (ISO/IEC TS 27560 makes it mandatory). */
export interface NotHeld {
  /**
   * `erased`: the ledger held it until the person was erased, and destroyed it with their key.
   * `sealed`: the ledger holds it sealed with the person's key, not opened for this receipt.
   */
  readonly absent: 'not-held-by-ledger' | 'sealed' | 'erased';
  readonly note: string;
}

export interface ReceiptParty {
  readonly partyId: string;
  readonly type: 'dpv:DataController' | 'dpv:DataSubject';
  readonly name: Stated;
  readonly address: PostalAddress | NotHeld;
  readonly contact:
    | {
        readonly contact: string;
        readonly email: string;
        readonly phone: string;
        readonly url?: string;
      }
    | { readonly email?: string; readonly phone?: string }
    | NotHeld;
}

export type ReceiptEventType =
  | 'ConsentGranted'
  | 'ConsentWithdrawn'
  | 'ConsentPurposesAchieved'
  | 'TermEnded'
  /** A material version of the policy took effect and the person had not accepted it (a suspension). */
  | 'PolicyChangeNotAccepted'
  | 'SubjectErased';

export interface ReceiptEvent {
  readonly eventTime: Instant;
  /** True when the ledger only knows the event happened by this time. */
  readonly eventTimeIsUpperBound?: true;
  readonly recordedAt?: Instant;
  /** The ledger event it comes from; absent for a term ending, which no event records. */
  readonly eventId?: string;
  readonly eventType: ReceiptEventType;
  /** The DPV consent state after this event. */
  readonly eventState: string;
  readonly entityId: string;
  /** ISO 8601: an interval `start/end` for a dated term, or `until-purposes-achieved`. */
  readonly validityDuration?: string;
  readonly scope?: WithdrawalScope;
  readonly purposes?: readonly string[];
  /** The policy version not accepted. */
  readonly policy?: { readonly policyId: string; readonly version: string };
}

export interface Iso27560Record {
  readonly header: {
    readonly schemaVersion: string;
    readonly recordId: string;
    readonly receiptId: string;
    readonly piiPrincipalId: string;
    readonly issuedAt: Instant;
  };
  readonly processing: {
    readonly privacyNotice: PrivacyNotice;
    readonly language: Language;
    readonly purposes: readonly (Named & {
      readonly dpv: readonly string[];
      readonly legalBasis: 'dpv:Consent';
      readonly policyReference: string;
    })[];
    readonly piiInformation: readonly DataCategoryEntry[];
    readonly piiControllers: readonly string[];
    readonly storageLocations: readonly {
      readonly country: string;
      readonly label: string;
      readonly en: string;
      readonly citation: string;
    }[];
    readonly retentionPeriod: {
      readonly term: TermEntry;
      readonly afterwards: string;
      /** Years the data is kept after the relationship ends, when the caller gave the retention rules. */
      readonly yearsAfterRelationshipEnds?: number;
      /** Years after the last data sent to a credit bureau, when the consent names one (Law 573-II Art. 23(6)). */
      readonly yearsAfterLastCreditBureauDisclosure?: number;
      readonly citation: string;
    };
    readonly jurisdiction: 'KZ';
    readonly recipientThirdParties: readonly RecipientEntry[];
    readonly withdrawalMethod: WithdrawalMethod;
  };
  readonly parties: readonly ReceiptParty[];
  readonly events: readonly ReceiptEvent[];
  /** The consent's state at `at` (the T the receipt is about; its issue time unless asked otherwise). */
  readonly stateAtIssuance: { readonly at: Instant; readonly status: ConsentStatus; readonly eventState: string };
}

export interface WithdrawalMethod {
  readonly how: string;
  readonly channels: readonly CollectionMethod[];
  readonly contact: { readonly email: string; readonly phone: string; readonly address: PostalAddress };
  /** Loan-bound purposes: withdrawal is refused while loan obligations are unfulfilled. */
  readonly onlyAfterLoanObligationsFulfilled: readonly string[];
  /** Purposes a law requires: withdrawal is refused, loan or no loan (Law 94-V Art. 8(2)). */
  readonly notWithdrawableRequiredByLaw: readonly string[];
  readonly citation: string;
}

// ---- Law 94-V Art. 8(4) ----

export interface Law94vContent {
  readonly citation: 'Law 94-V Art. 8(4)';
  readonly operator: { readonly article: '8(4)(1)'; readonly name: string; readonly bin: Stated };
  readonly subject: { readonly article: '8(4)(2)'; readonly fullName: Stated; readonly subjectId: string };
  readonly term: TermEntry & { readonly article: '8(4)(3)' };
  readonly thirdPartyTransfer: {
    readonly article: '8(4)(4)';
    readonly allowed: boolean;
    readonly recipients: readonly RecipientEntry[];
  };
  readonly crossBorderTransfer: {
    readonly article: '8(4)(5)';
    readonly allowed: boolean;
    /** After any withdrawal of this separate permission (Art. 7(6)). */
    readonly allowedAtIssuance: boolean;
    readonly recipientsAbroad: readonly string[];
  };
  readonly publicationInPublicSources: {
    readonly article: '8(4)(6)';
    readonly allowed: boolean;
    readonly allowedAtIssuance: boolean;
  };
  readonly dataCollected: { readonly article: '8(4)(7)'; readonly categories: readonly DataCategoryEntry[] };
  readonly otherInformation: {
    readonly article: '8(4)(8)';
    readonly collectionMethod: { readonly code: CollectionMethod; readonly label: string; readonly en: string };
    readonly evidence: readonly Evidence[];
    readonly policyShown: PrivacyNotice;
    readonly notifyOnDisclosure: boolean;
    readonly catalogueVersion: string;
    readonly statusAtIssuance: {
      readonly issuedAt: Instant;
      /** The T this status is about: the issue time unless the receipt was asked about another. */
      readonly at: Instant;
      readonly status: ConsentStatus;
      readonly dpvState: string;
      readonly policy: PolicyStanding;
      readonly purposesAchieved: readonly string[];
      /** Purposes the consent still covers, with the recipients each may go to. */
      readonly inForce: readonly { readonly purpose: string; readonly recipients: readonly string[] }[];
      readonly justifiedBy: readonly string[];
    };
  };
}

export interface ConsentReceipt {
  readonly version: typeof KANTARA_RECEIPT_VERSION;
  readonly jurisdiction: 'KZ';
  /** Epoch seconds of when the consent was given. */
  readonly consentTimestamp: number;
  readonly collectionMethod: string;
  readonly consentReceiptID: string;
  readonly language: Language;
  readonly piiPrincipalId: string;
  readonly piiControllers: readonly KantaraController[];
  readonly policyUrl: string;
  readonly services: readonly KantaraService[];
  readonly sensitive: boolean;
  readonly spiCat: readonly string[];
  readonly iso27560: Iso27560Record;
  readonly law94v: Law94vContent;
}
