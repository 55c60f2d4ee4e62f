import { CatalogueIndex, isCrossBorder, Labels } from '../catalogue/catalogue';
import { PolicyVersion } from '../policy/policy-decider';
import { invalid } from '../shared/domain-error';
import { epochMs, Instant, isInstant } from '../shared/instant';
import {
  COLLECTION_METHODS,
  CollectionMethod,
  ConsentTerm,
  Evidence,
  Language,
  WithdrawalScope,
} from '../subject/subject-events';
import { ConsentRecord, PurposesAchievedRecord, WithdrawalRecord } from '../subject/subject-state';
import { Box, boxContains, boxOf, ConsentStatus, ConsentView, DPV_STATE, PolicyStanding } from '../validity/validity';

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
}

export interface ReceiptInput {
  /** The consent as known at `issuedAt` (from `consentsAt` with at = knownAt = issuedAt). */
  readonly consent: ConsentView;
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
   * only the purposes; without these, such an event is dated "by `issuedAt` at the latest".
   */
  readonly purposesAchieved?: readonly PurposesAchievedRecord[];
}

/** A catalogue code with its label in the consent's language and in English. */
export interface Named {
  readonly code: string;
  readonly label: string;
  readonly en: string;
}

/** A value the receipt must state but the ledger may not have: then it says why, never invents. */
export type Stated =
  { readonly value: string } | { readonly absent: 'not-configured' | 'not-held-by-ledger'; readonly note: string };

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

export interface ReceiptParty {
  readonly partyId: string;
  readonly type: 'dpv:DataController' | 'dpv:DataSubject';
  readonly name: Stated;
  readonly address?: PostalAddress;
  readonly contact?: {
    readonly contact: string;
    readonly email: string;
    readonly phone: string;
    readonly url?: string;
  };
}

export type ReceiptEventType = 'ConsentGranted' | 'ConsentWithdrawn' | 'ConsentPurposesAchieved' | 'TermEnded';

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
    readonly retentionPeriod: { readonly term: TermEntry; readonly afterwards: string; readonly citation: string };
    readonly jurisdiction: 'KZ';
    readonly recipientThirdParties: readonly RecipientEntry[];
    readonly withdrawalMethod: WithdrawalMethod;
  };
  readonly parties: readonly ReceiptParty[];
  readonly events: readonly ReceiptEvent[];
  readonly stateAtIssuance: { readonly status: ConsentStatus; readonly eventState: string };
}

export interface WithdrawalMethod {
  readonly how: string;
  readonly channels: readonly CollectionMethod[];
  readonly contact: { readonly email: string; readonly phone: string; readonly address: PostalAddress };
  /** Loan-bound purposes: withdrawal is refused while loan obligations are unfulfilled. */
  readonly onlyAfterLoanObligationsFulfilled: readonly string[];
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
    readonly collectionMethod: { readonly code: CollectionMethod; readonly en: string };
    readonly evidence: readonly Evidence[];
    readonly policyShown: PrivacyNotice;
    readonly notifyOnDisclosure: boolean;
    readonly catalogueVersion: string;
    readonly statusAtIssuance: {
      readonly issuedAt: Instant;
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

const COLLECTION_METHOD_EN: Readonly<Record<CollectionMethod, string>> = {
  'web-checkbox': 'ticking agreement in a web form',
  'sms-one-time-code': 'SMS one-time code',
  'digital-signature': 'electronic digital signature',
  paper: 'signed paper form',
  egov: 'eGov state service',
};

const KAZAKHSTAN: Readonly<Record<Language, string>> = { kk: 'Қазақстан Республикасы', ru: 'Республика Казахстан' };

const BIN = /^\d{12}$/;

export function consentReceipt(input: ReceiptInput): ConsentReceipt {
  const { consent: view, catalogue, controller, subject, issuedAt } = input;
  const grant = view.grant;
  assertConsistent(input);

  const language = grant.language;
  const named = (code: string, labels: Labels): Named => ({ code, label: labels[language], en: labels.en });

  const receiptId = `receipt:${grant.consentId}:${issuedAt}`;
  const controllerId = controller.bin !== undefined ? `KZ-BIN:${controller.bin}` : 'operator';
  const term = termEntry(grant.term);
  const notice = privacyNotice(grant, input.policyShown);
  const policyUrl = notice.url ?? catalogue.catalogue.controller.policyUrl;

  const dataCollected: DataCategoryEntry[] = grant.dataCategories.map((code) => {
    const category = catalogue.dataCategories.get(code)!;
    return { ...named(code, category.labels), source: category.source, directIdentifier: category.directIdentifier };
  });
  const recipients: RecipientEntry[] = grant.recipients.map((code) => {
    const recipient = catalogue.recipient(code);
    return {
      ...named(code, recipient.labels),
      kind: recipient.kind,
      country: recipient.country,
      crossBorder: isCrossBorder(recipient),
    };
  });
  const purposes = grant.purposes.map((code) => catalogue.purposes.get(code)!);

  const bin: Stated =
    controller.bin !== undefined
      ? { value: controller.bin }
      : { absent: 'not-configured', note: "The operator's BIN is not configured in the ledger." };
  const fullName: Stated =
    subject.fullName !== undefined
      ? { value: subject.fullName }
      : {
          absent: 'not-held-by-ledger',
          note: 'The ledger does not hold the full name; the operator holds it under the subject identifier.',
        };

  const kantaraPurposes: KantaraPurpose[] = purposes.map((purpose) => ({
    purpose: purpose.labels[language],
    // Every way the ledger collects consent is an affirmative act by the person.
    consentType: 'EXPLICIT',
    purposeCategory: purpose.dpv.map((concept) => `dpv:${concept}`),
    piiCategory: dataCollected.map((c) => c.label),
    // Kantara's "part of the core service": the purposes bound to the loan are the service itself.
    primaryPurpose: !purpose.withdrawableWithOpenLoan,
    termination: term.text,
    ...(recipients.length > 0
      ? { thirdPartyDisclosure: true, thirdPartyName: recipients.map((r) => r.label).join('; ') }
      : { thirdPartyDisclosure: false }),
  }));

  const withdrawalMethod: WithdrawalMethod = {
    how:
      'Ask the operator in writing or electronically, by any channel listed; the whole consent or any part ' +
      '(purposes, recipients, data, cross-border transfer, publication) may be withdrawn. The operator and ' +
      'third parties stop processing within 15 working days or give a reasoned refusal.',
    channels: COLLECTION_METHODS,
    contact: { email: controller.email, phone: controller.phone, address: controller.address },
    onlyAfterLoanObligationsFulfilled: purposes.filter((p) => !p.withdrawableWithOpenLoan).map((p) => p.code),
    citation: 'Law 94-V Art. 7(6), 8(2), 8(7); privacy policy §7.1',
  };

  const parties: ReceiptParty[] = [
    {
      partyId: controllerId,
      type: 'dpv:DataController',
      name: { value: controller.name },
      address: controller.address,
      contact: {
        contact: controller.contact,
        email: controller.email,
        phone: controller.phone,
        ...(controller.url !== undefined ? { url: controller.url } : {}),
      },
    },
    { partyId: subject.subjectId, type: 'dpv:DataSubject', name: fullName },
  ];

  return {
    version: KANTARA_RECEIPT_VERSION,
    jurisdiction: input.jurisdiction,
    consentTimestamp: Math.floor(epochMs(grant.occurredAt) / 1000),
    collectionMethod: COLLECTION_METHOD_EN[grant.collectionMethod],
    consentReceiptID: receiptId,
    language,
    piiPrincipalId: subject.subjectId,
    piiControllers: [
      {
        piiController: controller.name,
        onBehalf: false,
        contact: controller.contact,
        address: controller.address,
        email: controller.email,
        phone: controller.phone,
        ...(controller.url !== undefined ? { piiControllerUrl: controller.url } : {}),
      },
    ],
    policyUrl,
    services: [{ service: RECEIPT_SERVICE, purposes: kantaraPurposes }],
    // The catalogue has no special category (no biometric, health, religious or similar data);
    // `directIdentifier` is about identifying a person, not about sensitivity.
    sensitive: false,
    spiCat: [],
    iso27560: {
      header: {
        schemaVersion: ISO_27560_SCHEMA_VERSION,
        recordId: grant.consentId,
        receiptId,
        piiPrincipalId: subject.subjectId,
        issuedAt,
      },
      processing: {
        privacyNotice: notice,
        language,
        purposes: purposes.map((p) => ({
          ...named(p.code, p.labels),
          dpv: p.dpv.map((concept) => `dpv:${concept}`),
          legalBasis: 'dpv:Consent',
          policyReference: p.policyReference,
        })),
        piiInformation: dataCollected,
        piiControllers: [controllerId],
        storageLocations: [
          {
            country: 'KZ',
            label: KAZAKHSTAN[language],
            en: 'Republic of Kazakhstan',
            citation: 'Law 94-V Art. 12(2)',
          },
        ],
        retentionPeriod: {
          term,
          afterwards:
            'destroyed or anonymised when the term ends or the consent is withdrawn, unless a law requires keeping the data',
          citation: 'Law 94-V Art. 8(7), 18',
        },
        jurisdiction: input.jurisdiction,
        recipientThirdParties: recipients,
        withdrawalMethod,
      },
      parties,
      events: receiptEvents(input, controllerId),
      stateAtIssuance: { status: view.status, eventState: view.dpvState },
    },
    law94v: {
      citation: 'Law 94-V Art. 8(4)',
      operator: { article: '8(4)(1)', name: controller.name, bin },
      subject: { article: '8(4)(2)', fullName, subjectId: subject.subjectId },
      term: { article: '8(4)(3)', ...term },
      thirdPartyTransfer: { article: '8(4)(4)', allowed: recipients.length > 0, recipients },
      crossBorderTransfer: {
        article: '8(4)(5)',
        allowed: grant.crossBorderTransferAllowed,
        allowedAtIssuance: view.crossBorderTransferAllowed,
        recipientsAbroad: recipients.filter((r) => r.crossBorder).map((r) => r.code),
      },
      publicationInPublicSources: {
        article: '8(4)(6)',
        allowed: grant.publicationAllowed,
        allowedAtIssuance: view.publicationAllowed,
      },
      dataCollected: { article: '8(4)(7)', categories: dataCollected },
      otherInformation: {
        article: '8(4)(8)',
        collectionMethod: { code: grant.collectionMethod, en: COLLECTION_METHOD_EN[grant.collectionMethod] },
        evidence: grant.evidence,
        policyShown: notice,
        notifyOnDisclosure: grant.notifyOnDisclosure,
        catalogueVersion: grant.catalogueVersion,
        statusAtIssuance: {
          issuedAt,
          status: view.status,
          dpvState: view.dpvState,
          policy: view.policy,
          purposesAchieved: view.purposesAchieved,
          inForce: view.coverage.map((c) => ({ purpose: c.purpose, recipients: c.recipients.map((r) => r.recipient) })),
          justifiedBy: view.justifiedBy,
        },
      },
    },
  };
}

/** A receipt states what the ledger knew when it was issued, about the policy the grant names. */
function assertConsistent(input: ReceiptInput): void {
  const { consent: view, issuedAt, policyShown, controller, catalogue } = input;
  const grant = view.grant;
  if (!isInstant(issuedAt)) {
    throw invalid('invalid-instant', `issuedAt ${issuedAt} is not an instant (YYYY-MM-DDTHH:mm:ss.sssZ)`);
  }
  const late = [grant, ...view.withdrawals].find((f) => f.recordedAt > issuedAt || f.occurredAt > issuedAt);
  if (late) {
    throw invalid(
      'receipt-before-fact',
      `event ${late.eventId} was not known at ${issuedAt}; take the consent view as known at the issue time`,
    );
  }
  if (
    policyShown !== undefined &&
    (policyShown.policyId !== grant.policyShown.policyId || policyShown.version !== grant.policyShown.version)
  ) {
    throw invalid(
      'receipt-policy-mismatch',
      `consent ${grant.consentId} was given on policy ${grant.policyShown.policyId} version ${grant.policyShown.version}, not ${policyShown.policyId} version ${policyShown.version}`,
    );
  }
  if (controller.bin !== undefined && !BIN.test(controller.bin)) {
    throw invalid('invalid-bin', 'a BIN is 12 digits');
  }
  catalogue.assertKnown({
    purposes: grant.purposes,
    dataCategories: grant.dataCategories,
    recipients: grant.recipients,
  });
}

function termEntry(term: ConsentTerm): TermEntry {
  return term.kind === 'until'
    ? { kind: 'until', until: term.until, text: `until ${term.until}`, citation: 'Law 94-V Art. 8(5)' }
    : {
        kind: 'until-purposes-achieved',
        text: 'until the purposes of processing are achieved (no term was stated)',
        citation: 'Law 94-V Art. 8(6)',
      };
}

/** The text shown in the consent's language; the other language's only if that one is missing. */
function privacyNotice(grant: ConsentRecord, policy: PolicyVersion | undefined): PrivacyNotice {
  const ref = { policyId: grant.policyShown.policyId, version: grant.policyShown.version };
  if (!policy) return { ...ref, textHeld: false };
  const other: Language = grant.language === 'kk' ? 'ru' : 'kk';
  const language = policy.texts[grant.language] ? grant.language : policy.texts[other] ? other : undefined;
  const text = language ? policy.texts[language] : undefined;
  return {
    ...ref,
    textHeld: text !== undefined,
    ...(language && text ? { language, url: text.url, sha256: text.sha256 } : {}),
    effectiveFrom: policy.effectiveFrom,
    materialChange: policy.materialChange,
    publishedEventId: policy.eventId,
  };
}

type Step =
  | { readonly kind: 'withdrawal'; readonly at: Instant; readonly order: number; readonly fact: WithdrawalRecord }
  | {
      readonly kind: 'achieved';
      readonly at: Instant;
      readonly order: number;
      readonly purposes: readonly string[];
      readonly fact?: PurposesAchievedRecord;
    }
  | { readonly kind: 'term-ended'; readonly at: Instant; readonly order: number };

/**
 * The consent's life as events, oldest first, each with the DPV state it left the consent in.
 * The state after the last one can differ from the state at issuance only by the policy standing,
 * which `stateAtIssuance` gives.
 */
function receiptEvents(input: ReceiptInput, controllerId: string): ReceiptEvent[] {
  const { consent: view, subject, issuedAt, catalogue } = input;
  const grant = view.grant;

  const achievedFacts = (input.purposesAchieved ?? []).filter(
    (a) => a.consentId === grant.consentId && a.occurredAt <= issuedAt && a.recordedAt <= issuedAt,
  );
  const dated = new Set(achievedFacts.flatMap((a) => a.purposes));
  const undated = view.purposesAchieved.filter((p) => !dated.has(p));
  const steps: Step[] = [
    ...view.withdrawals.map((fact): Step => ({ kind: 'withdrawal', at: fact.occurredAt, order: fact.revision, fact })),
    ...achievedFacts.map((fact): Step => ({
      kind: 'achieved',
      at: fact.occurredAt,
      order: fact.revision,
      purposes: fact.purposes,
      fact,
    })),
  ];
  if (undated.length > 0) steps.push({ kind: 'achieved', at: issuedAt, order: Infinity, purposes: undated });
  if (view.termEnded && grant.term.kind === 'until') {
    steps.push({ kind: 'term-ended', at: grant.term.until, order: Infinity });
  }
  steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order));

  const progress: Progress = { boxes: [], achieved: new Set(), crossBorder: grant.crossBorderTransferAllowed };
  let termEnded = false;
  const stateNow = (): string => {
    if (termEnded || grant.purposes.every((p) => progress.achieved.has(p))) return DPV_STATE.expired;
    return scopeLeft(grant, progress, catalogue) ? DPV_STATE.active : DPV_STATE.withdrawn;
  };

  const events: ReceiptEvent[] = [
    {
      eventTime: grant.occurredAt,
      recordedAt: grant.recordedAt,
      eventId: grant.eventId,
      eventType: 'ConsentGranted',
      eventState: DPV_STATE.active,
      entityId: subject.subjectId,
      validityDuration:
        grant.term.kind === 'until' ? `${grant.occurredAt}/${grant.term.until}` : 'until-purposes-achieved',
    },
  ];
  for (const step of steps) {
    if (step.kind === 'withdrawal') {
      const box = boxOf(step.fact.scope);
      if (box) progress.boxes.push(box);
      if (step.fact.scope.crossBorderTransfer === true) progress.crossBorder = false;
      events.push({
        eventTime: step.at,
        recordedAt: step.fact.recordedAt,
        eventId: step.fact.eventId,
        eventType: 'ConsentWithdrawn',
        eventState: stateNow(),
        entityId: subject.subjectId,
        scope: step.fact.scope,
      });
    } else if (step.kind === 'achieved') {
      step.purposes.forEach((p) => progress.achieved.add(p));
      events.push({
        eventTime: step.at,
        ...(step.fact
          ? { recordedAt: step.fact.recordedAt, eventId: step.fact.eventId }
          : { eventTimeIsUpperBound: true as const }),
        eventType: 'ConsentPurposesAchieved',
        eventState: stateNow(),
        entityId: controllerId,
        purposes: step.purposes,
      });
    } else {
      termEnded = true;
      events.push({ eventTime: step.at, eventType: 'TermEnded', eventState: stateNow(), entityId: controllerId });
    }
  }
  return events;
}

interface Progress {
  readonly boxes: Box[];
  readonly achieved: Set<string>;
  crossBorder: boolean;
}

/** The validity rule's scope test: is any (purpose, the lender or a recipient, category) left? */
function scopeLeft(grant: ConsentRecord, progress: Progress, catalogue: CatalogueIndex): boolean {
  const removed = (purpose: string, recipient: string | undefined, category: string) =>
    progress.boxes.some((box) => boxContains(box, purpose, recipient, category));
  const recipients = grant.recipients.filter((r) => progress.crossBorder || !isCrossBorder(catalogue.recipient(r)));
  return grant.purposes
    .filter((p) => !progress.achieved.has(p))
    .some((purpose) =>
      grant.dataCategories.some(
        (category) =>
          !removed(purpose, undefined, category) ||
          recipients.some((recipient) => !removed(purpose, recipient, category)),
      ),
    );
}

/** What the policy says about the operator, with configured details laid over it. */
export function controllerDetails(
  catalogue: CatalogueIndex,
  configured: Partial<ControllerDetails> = {},
): ControllerDetails {
  const fromPolicy = catalogue.catalogue.controller;
  const unset = 'not configured';
  return {
    name: configured.name ?? fromPolicy.name,
    ...(configured.bin ? { bin: configured.bin } : {}),
    address: configured.address ?? { streetAddress: unset, locality: unset, country: 'KZ' },
    email: configured.email ?? unset,
    phone: configured.phone ?? fromPolicy.phone ?? unset,
    contact: configured.contact ?? 'the personal data officer of the operator',
    ...((configured.url ?? fromPolicy.website) ? { url: configured.url ?? fromPolicy.website } : {}),
  };
}
