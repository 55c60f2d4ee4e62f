import { CatalogueIndex, isCrossBorder, Labels } from '../catalogue/catalogue';
import { PolicyVersion } from '../policy/policy-decider';
import { invalid } from '../shared/domain-error';
import { epochMs, Instant, isInstant } from '../shared/instant';
import {
  COLLECTION_METHODS,
  CollectionMethod,
  ConsentTerm,
  Language,
  termEndAt,
  WithdrawalScope,
} from '../subject/subject-events';
import { ConsentRecord, PurposesAchievedRecord, WithdrawalRecord } from '../subject/subject-state';
import { consentLeft, DPV_STATE, isInForce, scopesTaken } from '../validity/validity';
import {
  ConsentReceipt,
  ControllerDetails,
  DataCategoryEntry,
  ISO_27560_SCHEMA_VERSION,
  KANTARA_RECEIPT_VERSION,
  KantaraPurpose,
  Named,
  PrivacyNotice,
  ReceiptEvent,
  ReceiptInput,
  ReceiptParty,
  RECEIPT_SERVICE,
  RecipientEntry,
  Stated,
  TermEntry,
  WithdrawalMethod,
} from './receipt-formats';

const COLLECTION_METHOD_EN: Readonly<Record<CollectionMethod, string>> = {
  'web-checkbox': 'ticking agreement in a web form',
  'sms-one-time-code': 'SMS one-time code',
  'digital-signature': 'electronic digital signature',
  paper: 'signed paper form',
  egov: 'eGov state service',
};

// The receipt's words are in the consent's language (its `language`), as its labels are; English beside them.
const COLLECTION_METHOD: Readonly<Record<Language, Readonly<Record<CollectionMethod, string>>>> = {
  kk: {
    'web-checkbox': 'веб-формада келісім белгісі',
    'sms-one-time-code': 'бір реттік SMS-код',
    'digital-signature': 'электрондық цифрлық қолтаңба',
    paper: 'қол қойылған қағаз нысаны',
    egov: 'eGov мемлекеттік қызметі',
  },
  ru: {
    'web-checkbox': 'отметка о согласии в веб-форме',
    'sms-one-time-code': 'одноразовый SMS-код',
    'digital-signature': 'электронная цифровая подпись',
    paper: 'подписанная бумажная форма',
    egov: 'государственная услуга eGov',
  },
};

const TERM_WORDS: Readonly<Record<Language, { until: (instant: string) => string; untilPurposes: string }>> = {
  kk: {
    until: (instant) => `${instant} дейін`,
    untilPurposes: 'өңдеу мақсаттарына жеткенге дейін (мерзімі көрсетілмеген)',
  },
  ru: { until: (instant) => `до ${instant}`, untilPurposes: 'до достижения целей обработки (срок не указан)' },
};

/** Builds a receipt's three readings (receipt-formats.ts) from one consent as the ledger knows it. */
const KAZAKHSTAN: Readonly<Record<Language, string>> = { kk: 'Қазақстан Республикасы', ru: 'Республика Казахстан' };

const BIN = /^\d{12}$/;

export function consentReceipt(input: ReceiptInput): ConsentReceipt {
  const { consent: view, catalogue, controller, subject, issuedAt } = input;
  const grant = view.grant;
  assertConsistent(input);

  const language = grant.language;
  const named = (code: string, labels: Labels): Named => ({ code, label: labels[language], en: labels.en });
  // The operator as the policy names it in the consent's language (Law 94-V Art. 8(4)(1)).
  const controllerName = controller.names?.[language] ?? controller.name;

  // A receipt is about T (at) as known at T′ (issuedAt): two receipts about different moments are two
  // receipts, so T is part of the id unless it is the issue time itself (the receipt of now).
  const at = input.at ?? issuedAt;
  const receiptId = `receipt:${grant.consentId}:${issuedAt}${at === issuedAt ? '' : `:at:${at}`}`;
  const controllerId = controller.bin !== undefined ? `KZ-BIN:${controller.bin}` : 'operator';
  const term = termEntry(grant.term, language);
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
  // A recipient abroad named in a consent that refused cross-border transfer was never given data
  // (Art. 7(6)): it stays named under 8(4)(5), not as a third party the data may go to.
  const receiving = recipients.filter((r) => !r.crossBorder || grant.crossBorderTransferAllowed);
  const purposes = grant.purposes.map((code) => catalogue.purposes.get(code)!);

  const bin: Stated =
    controller.bin !== undefined
      ? { value: controller.bin }
      : { absent: 'not-configured', note: "The operator's BIN is not configured in the ledger." };
  // After an erasure the identifiers the ledger held are gone with the person's key (Law 94-V Art. 18).
  // So too in a receipt about a moment before the erasure: held then, destroyed since, never "not held".
  const erasure = input.erased ?? subject.identifiersErased;
  const destroyed = erasure
    ? {
        absent: 'erased' as const,
        note: `Destroyed with the person's key when they were erased at ${erasure.occurredAt} (Law 94-V Art. 18).`,
      }
    : undefined;
  // Held sealed but not opened here (a receipt made from an export): held, not absent.
  const sealed =
    !destroyed && subject.identifiersSealed
      ? {
          absent: 'sealed' as const,
          note: "The ledger holds the person's identifiers (the IIN, and the name and contacts where the grant gave them) sealed with their own key; this receipt was made without opening them, from an export, which carries only the ciphertext. The operator states them under the subject identifier.",
        }
      : undefined;
  const fullName: Stated =
    subject.fullName !== undefined
      ? { value: subject.fullName }
      : (destroyed ??
        sealed ?? {
          absent: 'not-held-by-ledger',
          note: 'The ledger does not hold the full name; the operator holds it under the subject identifier.',
        });

  const kantaraPurposes: KantaraPurpose[] = purposes.map((purpose) => ({
    purpose: purpose.labels[language],
    // Every way the ledger collects consent is an affirmative act by the person.
    consentType: 'EXPLICIT',
    purposeCategory: purpose.dpv.map((concept) => `dpv:${concept}`),
    piiCategory: dataCollected.map((c) => c.label),
    // Kantara's "part of the core service": the purposes bound to the loan are the service itself.
    primaryPurpose: !purpose.withdrawableWithOpenLoan,
    termination: term.label,
    ...(receiving.length > 0
      ? { thirdPartyDisclosure: true, thirdPartyName: receiving.map((r) => r.label).join('; ') }
      : { thirdPartyDisclosure: false }),
  }));

  const withdrawalMethod: WithdrawalMethod = {
    how:
      'Ask the operator in writing or electronically, by any channel listed; the whole consent or any part ' +
      '(purposes, recipients, data, cross-border transfer, publication) may be withdrawn, except the ' +
      'operator’s own processing for purposes a law requires (their transfers to third parties may be ' +
      'withdrawn) and, while loan obligations are unfulfilled, loan-bound ones. The operator and ' +
      'third parties stop processing within 15 working days or give a reasoned refusal.',
    channels: COLLECTION_METHODS,
    contact: { email: controller.email, phone: controller.phone, address: controller.address },
    onlyAfterLoanObligationsFulfilled: purposes
      .filter((p) => !p.withdrawableWithOpenLoan && !p.requiredByLaw)
      .map((p) => p.code),
    notWithdrawableRequiredByLaw: purposes.filter((p) => p.requiredByLaw).map((p) => p.code),
    citation: 'Law 94-V Art. 7(6), 8(2), 8(7); privacy policy §7.1',
  };

  const parties: ReceiptParty[] = [
    {
      partyId: controllerId,
      type: 'dpv:DataController',
      name: { value: controllerName },
      address: controller.address,
      contact: {
        contact: controller.contact,
        email: controller.email,
        phone: controller.phone,
        ...(controller.url !== undefined ? { url: controller.url } : {}),
      },
    },
    {
      partyId: subject.subjectId,
      type: 'dpv:DataSubject',
      name: fullName,
      address: {
        absent: 'not-held-by-ledger',
        note: 'The ledger does not hold the address; the operator holds it under the subject identifier.',
      },
      contact:
        subject.phone !== undefined || subject.email !== undefined
          ? {
              ...(subject.email !== undefined ? { email: subject.email } : {}),
              ...(subject.phone !== undefined ? { phone: subject.phone } : {}),
            }
          : (destroyed ??
            sealed ?? {
              absent: 'not-held-by-ledger',
              note: 'The ledger holds no phone or e-mail for the person; the operator holds them under the subject identifier.',
            }),
    },
  ];

  return {
    version: KANTARA_RECEIPT_VERSION,
    jurisdiction: input.jurisdiction,
    consentTimestamp: Math.floor(epochMs(grant.occurredAt) / 1000),
    collectionMethod: COLLECTION_METHOD[language][grant.collectionMethod],
    consentReceiptID: receiptId,
    language,
    piiPrincipalId: subject.subjectId,
    piiControllers: [
      {
        piiController: controllerName,
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
        retentionPeriod: retentionPeriod(input, term),
        jurisdiction: input.jurisdiction,
        recipientThirdParties: receiving,
        withdrawalMethod,
      },
      parties,
      events: receiptEvents(input, controllerId),
      stateAtIssuance: { at, status: view.status, eventState: view.dpvState },
    },
    law94v: {
      citation: 'Law 94-V Art. 8(4)',
      operator: { article: '8(4)(1)', name: controllerName, bin },
      subject: { article: '8(4)(2)', fullName, subjectId: subject.subjectId },
      term: { article: '8(4)(3)', ...term },
      thirdPartyTransfer: { article: '8(4)(4)', allowed: receiving.length > 0, recipients: receiving },
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
        collectionMethod: {
          code: grant.collectionMethod,
          label: COLLECTION_METHOD[language][grant.collectionMethod],
          en: COLLECTION_METHOD_EN[grant.collectionMethod],
        },
        evidence: grant.evidence,
        policyShown: notice,
        notifyOnDisclosure: grant.notifyOnDisclosure,
        catalogueVersion: grant.catalogueVersion,
        statusAtIssuance: {
          issuedAt,
          at,
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
  const at = input.at ?? issuedAt;
  if (!isInstant(at)) throw invalid('invalid-instant', `at ${at} is not an instant (YYYY-MM-DDTHH:mm:ss.sssZ)`);
  const late = [grant, ...view.withdrawals, ...(input.erased ? [input.erased] : [])].find(
    (f) => f.recordedAt > issuedAt || f.occurredAt > at,
  );
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

/**
 * The consent's term, and how long the data is kept afterwards when the rules are given: the longest
 * of the default and this consent's data categories, and, when it names a credit bureau, the register
 * period after the last data sent to one (Law 94-V Art. 18, 24(1); Law 573-II Art. 23(6)).
 */
function retentionPeriod(input: ReceiptInput, term: TermEntry) {
  const { retention, consent, catalogue } = input;
  const afterwards =
    'destroyed or anonymised when the term ends or the consent is withdrawn, unless a law requires keeping the data';
  if (!retention) return { term, afterwards, citation: 'Law 94-V Art. 8(7), 18' };
  const grant = consent.grant;
  const toBureau = grant.recipients.some((r) => catalogue.recipients.get(r)?.kind === 'credit-bureau');
  return {
    term,
    afterwards,
    yearsAfterRelationshipEnds: Math.max(
      retention.defaultYears,
      ...grant.dataCategories.map((c) => retention.byDataCategory[c] ?? 0),
    ),
    ...(toBureau ? { yearsAfterLastCreditBureauDisclosure: retention.creditBureauYears } : {}),
    citation: `Law 94-V Art. 8(7), 18, 24(1)${toBureau ? '; Law 573-II Art. 23(5)-(6)' : ''}`,
  };
}

function termEntry(term: ConsentTerm, language: Language): TermEntry {
  const words = TERM_WORDS[language];
  return term.kind === 'until'
    ? {
        kind: 'until',
        until: term.until,
        label: words.until(term.until),
        text: `until ${term.until}`,
        citation: 'Law 94-V Art. 8(5)',
      }
    : {
        kind: 'until-purposes-achieved',
        label: words.untilPurposes,
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
  | { readonly kind: 'term-ended'; readonly at: Instant; readonly order: number }
  | { readonly kind: 'policy-not-accepted'; readonly at: Instant; readonly order: number };

/**
 * The consent's life as events, oldest first, each with the DPV state it left the consent in; the
 * state after the last one is the state at `at`. A material policy version not accepted by `at` is an
 * event from when it took effect (a suspension lifted by an acceptance before `at` is not: the
 * view keeps no time for it; `statusAtIssuance.policy` names both).
 */
function receiptEvents(input: ReceiptInput, controllerId: string): ReceiptEvent[] {
  const { consent: view, subject, issuedAt, catalogue } = input;
  const grant = view.grant;
  // The consent's life up to the moment the view answers about, as known when the receipt is issued:
  // an achievement after it is no more in it than a withdrawal after it (the view holds neither).
  const at = input.at ?? issuedAt;

  const achievedFacts = (input.purposesAchieved ?? []).filter(
    (a) => a.consentId === grant.consentId && a.occurredAt <= at && a.recordedAt <= issuedAt,
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
  if (undated.length > 0) steps.push({ kind: 'achieved', at, order: Infinity, purposes: undated });
  const end = termEndAt(grant.term);
  if (view.termEnded && end !== undefined) steps.push({ kind: 'term-ended', at: end, order: Infinity });
  const { policy } = view;
  const suspendedFrom = !policy.satisfied && policy.requiredSince !== undefined && policy.requiredSince <= at;
  // In force from its effectiveFrom (at that instant, before the consent's own facts); a consent given
  // on an older version after it took effect is suspended from its grant.
  if (suspendedFrom) {
    const from = policy.requiredSince! > grant.occurredAt ? policy.requiredSince! : grant.occurredAt;
    steps.push({ kind: 'policy-not-accepted', at: from, order: -Infinity });
  }
  steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order));

  const withdrawn: WithdrawalScope[] = [];
  const achieved = new Set<string>();
  let termEnded = false;
  let suspended = false;
  // The state each step left the consent in, by the validity rule's own measure of what is left; an
  // unaccepted material change suspends what is left, as the validity rule has it.
  const stateNow = (): string => {
    const left = consentLeft(grant, { withdrawals: withdrawn, achieved, termEnded }, catalogue).status;
    return DPV_STATE[suspended && isInForce(left) ? 'suspended-policy-not-accepted' : left];
  };

  const events: ReceiptEvent[] = [
    {
      eventTime: grant.occurredAt,
      recordedAt: grant.recordedAt,
      eventId: grant.eventId,
      eventType: 'ConsentGranted',
      eventState: DPV_STATE.active,
      entityId: subject.subjectId,
      validityDuration: end !== undefined ? `${grant.occurredAt}/${end}` : 'until-purposes-achieved',
    },
  ];
  for (const step of steps) {
    if (step.kind === 'withdrawal') {
      withdrawn.push(...scopesTaken(step.fact, catalogue));
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
      step.purposes.forEach((p) => achieved.add(p));
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
    } else if (step.kind === 'policy-not-accepted') {
      suspended = true;
      events.push({
        eventTime: step.at,
        ...(policy.requiredVersionEventId ? { eventId: policy.requiredVersionEventId } : {}),
        eventType: 'PolicyChangeNotAccepted',
        eventState: stateNow(),
        entityId: controllerId,
        policy: { policyId: policy.policyId, version: policy.requiredVersion! },
      });
    } else {
      termEnded = true;
      events.push({ eventTime: step.at, eventType: 'TermEnded', eventState: stateNow(), entityId: controllerId });
    }
  }
  // Nothing about the person may be processed after their erasure: it ends the consent's life.
  if (input.erased) {
    events.push({
      eventTime: input.erased.occurredAt,
      recordedAt: input.erased.recordedAt,
      eventId: input.erased.eventId,
      eventType: 'SubjectErased',
      eventState: DPV_STATE.erased,
      entityId: subject.subjectId,
    });
  }
  return events;
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
    // A configured name stands for every language; otherwise the policy's own names.
    ...(configured.name === undefined && (configured.names ?? fromPolicy.names)
      ? { names: configured.names ?? fromPolicy.names }
      : {}),
    ...(configured.bin ? { bin: configured.bin } : {}),
    address: configured.address ?? { streetAddress: unset, locality: unset, country: 'KZ' },
    email: configured.email ?? unset,
    phone: configured.phone ?? fromPolicy.phone ?? unset,
    contact: configured.contact ?? 'the personal data officer of the operator',
    ...((configured.url ?? fromPolicy.website) ? { url: configured.url ?? fromPolicy.website } : {}),
  };
}
