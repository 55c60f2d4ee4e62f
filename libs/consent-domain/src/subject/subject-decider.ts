import { CatalogueIndex } from '../catalogue/catalogue';
import { Decider, exhaustive } from '../shared/decider';
import { conflict, invalid, notFound, refused } from '../shared/domain-error';
import { Instant } from '../shared/instant';
import { assertOccurredInWindow, TimeRules } from '../shared/time-rules';
import { boxOf, checkCoverage, PolicyBook, takesFrom } from '../validity/validity';
import {
  ConsentGranted,
  ConsentWithdrawn,
  ErasureReason,
  NoticeChannel,
  PolicyVersionAccepted,
  PolicyVersionRef,
  SubjectEvent,
  termEndAt,
  WithdrawalScope,
} from './subject-events';
import { erasureDueAt, RetentionRules } from './retention';
import { ConsentRecord, evolveSubject, initialSubjectState, openLoansAt, SubjectState } from './subject-state';

/** The grant as recorded, less the catalogue version the decider stamps on it. */
export type GrantConsent = {
  readonly type: 'GrantConsent';
  readonly data: Omit<ConsentGranted['data'], 'catalogueVersion'> & { readonly occurredAt: Instant };
};

export type WithdrawConsent = {
  readonly type: 'WithdrawConsent';
  readonly data: ConsentWithdrawn['data'] & { readonly occurredAt: Instant };
};

/** The acceptance as recorded; only a grant that carries one names its consent. */
export type AcceptPolicyVersion = {
  readonly type: 'AcceptPolicyVersion';
  readonly data: Omit<PolicyVersionAccepted['data'], 'viaConsentId'> & { readonly occurredAt: Instant };
};

export type RecordLoanContractSigned = {
  readonly type: 'RecordLoanContractSigned';
  readonly data: { readonly loanId: string; readonly occurredAt: Instant };
};

export type RecordLoanObligationsFulfilled = {
  readonly type: 'RecordLoanObligationsFulfilled';
  readonly data: { readonly loanId: string; readonly occurredAt: Instant };
};

export type RecordPurposesAchieved = {
  readonly type: 'RecordPurposesAchieved';
  readonly data: { readonly consentId: string; readonly purposes?: readonly string[]; readonly occurredAt: Instant };
};

export type RecordDisclosure = {
  readonly type: 'RecordDisclosure';
  readonly data: {
    readonly disclosureId: string;
    readonly recipient: string;
    readonly purpose: string;
    readonly dataCategories: readonly string[];
    readonly legalBasis?: string;
    readonly reference?: string;
    readonly occurredAt: Instant;
  };
};

export type RecordProcessingStopped = {
  readonly type: 'RecordProcessingStopped';
  readonly data: {
    readonly withdrawalId: string;
    readonly notificationId?: string;
    readonly note?: string;
    readonly occurredAt: Instant;
  };
};

export type RecordSubjectNotified = {
  readonly type: 'RecordSubjectNotified';
  readonly data: {
    readonly disclosureId: string;
    readonly channel: NoticeChannel;
    readonly reference?: string;
    readonly occurredAt: Instant;
  };
};

export type EraseSubject = {
  readonly type: 'EraseSubject';
  readonly data: { readonly reason: ErasureReason; readonly legalReference?: string; readonly occurredAt: Instant };
};

export type SubjectCommand =
  | GrantConsent
  | WithdrawConsent
  | AcceptPolicyVersion
  | RecordLoanContractSigned
  | RecordLoanObligationsFulfilled
  | RecordPurposesAchieved
  | RecordDisclosure
  | RecordProcessingStopped
  | RecordSubjectNotified
  | EraseSubject;

export interface SubjectContext {
  /** The ledger's time for this decision; it becomes the events' recordedAt. */
  readonly now: Instant;
  readonly time: TimeRules;
  readonly catalogue: CatalogueIndex;
  /** The policies as the ledger knows them now. */
  readonly policies: PolicyBook;
  /** How long data is kept; needed to erase a person before a court orders it. */
  readonly retention?: RetentionRules;
}

/**
 * The policies a command is decided against: those the person's consents were given under, and the
 * one the command names.
 */
export function policiesNeeded(command: SubjectCommand, state: SubjectState): string[] {
  const ids = new Set(state.consents.map((c) => c.policyShown.policyId));
  if (command.type === 'GrantConsent') ids.add(command.data.policyShown.policyId);
  if (command.type === 'AcceptPolicyVersion') ids.add(command.data.policyId);
  return [...ids];
}

export const subjectDecider: Decider<SubjectCommand, SubjectEvent, SubjectState, SubjectContext> = {
  initialState: initialSubjectState,
  evolve: evolveSubject,
  decide(command, state, context) {
    assertOccurredInWindow(command.data.occurredAt, context);
    if (state.erased) {
      if (command.type === 'EraseSubject')
        throw conflict('subject-already-erased', `erased at ${state.erased.recordedAt}`);
      throw refused('subject-erased', 'this person was erased: the ledger records nothing more about them');
    }
    switch (command.type) {
      case 'GrantConsent':
        return grant(command.data, state, context);
      case 'WithdrawConsent':
        return withdraw(command.data, state, context);
      case 'AcceptPolicyVersion':
        return accept(command.data, context);
      case 'RecordLoanContractSigned':
        return [{ type: 'LoanContractSigned', data: { loanId: command.data.loanId } }];
      case 'RecordLoanObligationsFulfilled':
        return fulfil(command.data, state);
      case 'RecordPurposesAchieved':
        return achieve(command.data, state, context);
      case 'RecordDisclosure':
        return disclose(command.data, state, context);
      case 'RecordProcessingStopped':
        return stopped(command.data, state);
      case 'RecordSubjectNotified':
        return notified(command.data, state);
      case 'EraseSubject':
        return erase(command.data, state, context);
    }
    return exhaustive(command, 'command');
  },
};

function grant(c: GrantConsent['data'], state: SubjectState, context: SubjectContext): SubjectEvent[] {
  context.catalogue.assertKnown({ purposes: c.purposes, dataCategories: c.dataCategories, recipients: c.recipients });
  if (state.consents.some((existing) => existing.consentId === c.consentId)) {
    throw conflict('consent-exists', `consent ${c.consentId} is already recorded`);
  }
  const end = termEndAt(c.term);
  if (end !== undefined && end <= c.occurredAt) {
    throw invalid('term-ends-before-grant', 'the term must end after the consent is given', [
      { field: 'term.until', code: 'term-ends-before-grant', message: 'must be later than occurredAt' },
    ]);
  }
  const version = publishedBy(context.policies, c.policyShown, c.occurredAt);
  if (!version.texts[c.language]) {
    throw refused(
      'policy-text-missing',
      `policy ${c.policyShown.policyId} version ${c.policyShown.version} has no ${c.language} text to have shown`,
    );
  }
  const events: SubjectEvent[] = [
    {
      type: 'ConsentGranted',
      data: {
        consentId: c.consentId,
        purposes: unique(c.purposes),
        dataCategories: unique(c.dataCategories),
        recipients: unique(c.recipients),
        crossBorderTransferAllowed: c.crossBorderTransferAllowed,
        publicationAllowed: c.publicationAllowed,
        notifyOnDisclosure: c.notifyOnDisclosure,
        term: c.term,
        policyShown: c.policyShown,
        language: c.language,
        collectionMethod: c.collectionMethod,
        evidence: c.evidence,
        catalogueVersion: context.catalogue.version,
        ...(c.identifiers ? { identifiers: c.identifiers } : {}),
      },
    },
  ];
  // Ticking agreement with the policy while applying is accepting it (policy §6.1), from the grant's
  // own date: recorded every time, even when the version was accepted before, since a paper grant
  // keyed in late may be the earliest acceptance the ledger knows of.
  events.push({
    type: 'PolicyVersionAccepted',
    data: { ...c.policyShown, method: c.collectionMethod, viaConsentId: c.consentId, evidence: c.evidence },
  });
  return events;
}

function withdraw(c: WithdrawConsent['data'], state: SubjectState, context: SubjectContext): SubjectEvent[] {
  const { scope } = c;
  context.catalogue.assertKnown({
    purposes: scope.purposes,
    dataCategories: scope.dataCategories,
    recipients: scope.recipients,
  });
  for (const [field, list] of Object.entries({
    purposes: scope.purposes,
    recipients: scope.recipients,
    dataCategories: scope.dataCategories,
  })) {
    if (list !== undefined && list.length === 0) {
      throw invalid('empty-scope', `scope.${field} is empty; leave it out to mean "all"`, [
        { field: `scope.${field}`, code: 'empty-scope', message: 'must not be empty' },
      ]);
    }
  }
  // {} withdraws everything; a scope naming only permissions it keeps (false) asks for nothing, and must
  // not be read as {} once the false flags are dropped.
  const namesOnlyKept =
    scope.purposes === undefined &&
    scope.recipients === undefined &&
    scope.dataCategories === undefined &&
    scope.crossBorderTransfer !== true &&
    scope.publication !== true &&
    (scope.crossBorderTransfer === false || scope.publication === false);
  if (namesOnlyKept) {
    throw invalid(
      'empty-scope',
      'the scope names only permissions it keeps (false): it withdraws nothing; send {} to withdraw everything',
      [{ field: 'scope', code: 'empty-scope', message: 'names nothing to withdraw' }],
    );
  }
  const targeted = targetedConsents(c, state);
  const touches = (consent: ConsentRecord) => takesFrom(consent, scope, context.catalogue);
  if (!targeted.some(touches)) {
    throw notFound('nothing-to-withdraw', 'no consent given by then falls within the scope of this withdrawal');
  }
  const box = boxOf(scope);

  const openLoans = openLoansAt(state, c.occurredAt);
  const consented = new Set(targeted.filter(touches).flatMap((consent) => consent.purposes));
  const requested = box?.purposes ?? [...context.catalogue.purposes.keys()];
  // Art. 8(2): no withdrawal where it contradicts the law (the lender's own processing for a purpose a
  // law requires, loan or no loan; its transfers to third parties are still taken back) or while an
  // obligation is unfulfilled (loan-bound purposes while a loan is open).
  const takesOwnProcessing = scope.recipients === undefined;
  const loanBound = (p: string) => openLoans.length > 0 && !context.catalogue.purposes.get(p)!.withdrawableWithOpenLoan;
  const lawBound = (p: string) => takesOwnProcessing && context.catalogue.purposes.get(p)!.requiredByLaw;
  const bound = box === undefined ? [] : requested.filter((p) => consented.has(p) && (loanBound(p) || lawBound(p)));
  // A law requires the lender's own processing, not the transfers: those are taken back all the same.
  const transfersOnly = bound.filter((p) => !loanBound(p));

  // Of the purposes (and recipients) a scope names, those a consent it reaches held: a catalogue-wide list
  // (a whole withdrawal narrowed to what may go, a purpose's transfers) must not tell the lending core of
  // purposes never consented to, nor of transfers to the State Credit Bureau that rest on a law.
  const taken = (withdrawn: WithdrawalScope) => {
    const reached = targeted.filter((consent) => takesFrom(consent, withdrawn, context.catalogue));
    const held = (names: readonly string[] | undefined, of: (consent: ConsentRecord) => readonly string[]) =>
      names === undefined ? undefined : names.filter((name) => reached.some((consent) => of(consent).includes(name)));
    const purposesTaken = held(withdrawn.purposes, (consent) => consent.purposes);
    const recipientsTaken = held(withdrawn.recipients, (consent) => consent.recipients);
    return { ...(purposesTaken ? { purposesTaken } : {}), ...(recipientsTaken ? { recipientsTaken } : {}) };
  };
  const withdrawn = (withdrawnScope: WithdrawalScope): SubjectEvent => ({
    type: 'ConsentWithdrawn',
    data: { ...base, scope: withdrawnScope, ...taken(withdrawnScope), evidence: c.evidence },
  });
  const base = {
    withdrawalId: c.withdrawalId,
    ...(c.consentId !== undefined ? { consentId: c.consentId } : {}),
    channel: c.channel,
  };
  if (bound.length === 0) {
    return [withdrawn(normaliseScope(scope))];
  }

  const events: SubjectEvent[] = [];
  // A withdrawal naming nothing takes the separate permissions too (Art. 7(6)); no loan or law binds
  // them, so narrowing it to the purposes that may go must not leave them behind.
  const whole =
    scope.purposes === undefined &&
    scope.recipients === undefined &&
    scope.dataCategories === undefined &&
    scope.crossBorderTransfer !== true &&
    scope.publication !== true;
  const flags = {
    crossBorderTransfer: whole
      ? targeted.some((consent) => consent.crossBorderTransferAllowed)
      : scope.crossBorderTransfer,
    publication: whole ? targeted.some((consent) => consent.publicationAllowed) : scope.publication,
  };
  const allowedPurposes = requested.filter((p) => !bound.includes(p));
  const allowedScope: WithdrawalScope = normaliseScope({ ...scope, ...flags, purposes: allowedPurposes });
  const allowedTakesSomething =
    allowedPurposes.some((p) => consented.has(p)) || flags.crossBorderTransfer === true || flags.publication === true;
  if (allowedTakesSomething) {
    const effective = allowedPurposes.some((p) => consented.has(p))
      ? allowedScope
      : normaliseScope({ crossBorderTransfer: flags.crossBorderTransfer, publication: flags.publication });
    events.push(withdrawn(effective));
  }
  const transfers = normaliseScope({
    purposes: transfersOnly,
    recipients: [...context.catalogue.recipients.keys()],
    dataCategories: scope.dataCategories,
  });
  const transfersTaken =
    transfersOnly.length > 0 && targeted.some((consent) => takesFrom(consent, transfers, context.catalogue));
  if (transfersTaken) {
    events.push(withdrawn(transfers));
  }
  events.push({
    type: 'WithdrawalRefused',
    data: {
      ...base,
      scope: normaliseScope({ ...scope, purposes: bound, crossBorderTransfer: undefined, publication: undefined }),
      openLoans,
      // The scope recorded above is cut to the consents known now; one keyed in later is reached by what was asked.
      ...(c.consentId === undefined ? { scopeAsked: normaliseScope(scope) } : {}),
      reason:
        openLoans.length > 0
          ? {
              code: 'obligations-unfulfilled',
              // The loans are named in openLoans (sealed with the person's key), never in the message, which is kept as it is.
              message: `consent for ${bound.join(', ')} cannot be withdrawn while loan obligations are unfulfilled (${openLoans.length} open ${openLoans.length === 1 ? 'loan' : 'loans'})`,
              citation: 'Law 94-V Art. 8(2), 24(1)(5); privacy policy §7.1',
            }
          : {
              code: 'required-by-law',
              message:
                `the lender's own processing for ${bound.join(', ')} cannot be withdrawn: a law requires it` +
                (transfersTaken ? ' (its transfers to third parties are withdrawn)' : ''),
              citation: 'Law 94-V Art. 8(2)',
            },
    },
  });
  return events;
}

function targetedConsents(c: WithdrawConsent['data'], state: SubjectState): ConsentRecord[] {
  if (c.consentId === undefined) return state.consents.filter((consent) => consent.occurredAt <= c.occurredAt);
  const consent = state.consents.find((existing) => existing.consentId === c.consentId);
  if (!consent) throw notFound('unknown-consent', `no consent ${c.consentId} is recorded for this person`);
  if (c.occurredAt < consent.occurredAt) {
    throw refused('withdrawal-before-grant', `consent ${c.consentId} was given only at ${consent.occurredAt}`);
  }
  return [consent];
}

/** Any acceptance is a fact to record, earlier-dated ones included: the earliest known counts. */
function accept(c: AcceptPolicyVersion['data'], context: SubjectContext): SubjectEvent[] {
  publishedBy(context.policies, c, c.occurredAt);
  return [
    {
      type: 'PolicyVersionAccepted',
      data: { policyId: c.policyId, version: c.version, method: c.method, evidence: c.evidence },
    },
  ];
}

/**
 * Every record of a signing or a fulfilment is kept: a contract keyed in late may date the loan
 * earlier than the record already there, and the earliest known counts (subject-state openLoans).
 */
function fulfil(c: RecordLoanObligationsFulfilled['data'], state: SubjectState): SubjectEvent[] {
  const loan = state.loans.find((l) => l.loanId === c.loanId && l.signings.length > 0);
  if (!loan) throw notFound('unknown-loan', `no loan ${c.loanId} is recorded for this person`);
  const signed = loan.signings.reduce(
    (first, s) => (s.occurredAt < first ? s.occurredAt : first),
    loan.signings[0].occurredAt,
  );
  if (c.occurredAt < signed) {
    throw refused('fulfilled-before-signed', `loan ${c.loanId} was signed only at ${signed}`);
  }
  return [{ type: 'LoanObligationsFulfilled', data: { loanId: c.loanId } }];
}

/** Purposes achieved (Art. 8(5)-(6)): a record dated earlier than one already there is a new fact. */
function achieve(c: RecordPurposesAchieved['data'], state: SubjectState, context: SubjectContext): SubjectEvent[] {
  const consent = state.consents.find((existing) => existing.consentId === c.consentId);
  if (!consent) throw notFound('unknown-consent', `no consent ${c.consentId} is recorded for this person`);
  if (c.purposes) context.catalogue.assertKnown({ purposes: c.purposes });
  const purposes = unique(c.purposes ?? consent.purposes);
  const outside = purposes.filter((p) => !consent.purposes.includes(p));
  if (outside.length > 0) {
    throw invalid('purpose-not-in-consent', `consent ${c.consentId} does not cover ${outside.join(', ')}`);
  }
  if (c.occurredAt < consent.occurredAt) {
    throw refused('achieved-before-grant', `consent ${c.consentId} was given only at ${consent.occurredAt}`);
  }
  return [{ type: 'ConsentPurposesAchieved', data: { consentId: c.consentId, purposes } }];
}

function disclose(c: RecordDisclosure['data'], state: SubjectState, context: SubjectContext): SubjectEvent[] {
  context.catalogue.assertKnown({
    purposes: [c.purpose],
    dataCategories: c.dataCategories,
    recipients: [c.recipient],
    legalBases: c.legalBasis !== undefined ? [c.legalBasis] : undefined,
  });
  const dataCategories = unique(c.dataCategories);
  // A disclosure is judged by what was valid when it happened, as the ledger knows now.
  const answer = checkCoverage(state, context.policies, context.catalogue, {
    purpose: c.purpose,
    recipient: c.recipient,
    dataCategories,
    ...(c.legalBasis !== undefined ? { legalBasis: c.legalBasis } : {}),
    at: c.occurredAt,
    knownAt: context.now,
  });
  const common = {
    disclosureId: c.disclosureId,
    recipient: c.recipient,
    purpose: c.purpose,
    dataCategories,
    crossBorder: answer.crossBorder,
    ...(c.legalBasis !== undefined ? { requestedLegalBasis: c.legalBasis } : {}),
    ...(c.reference !== undefined ? { reference: c.reference } : {}),
    catalogueVersion: context.catalogue.version,
  };
  if (answer.allowed && answer.basis) {
    return [
      {
        type: 'DisclosureRecorded',
        data: { ...common, basis: answer.basis, subjectToBeNotified: answer.subjectToBeNotified },
      },
    ];
  }
  return [{ type: 'DisclosureRefused', data: { ...common, reasons: answer.reasons } }];
}

function stopped(c: RecordProcessingStopped['data'], state: SubjectState): SubjectEvent[] {
  const withdrawal = state.withdrawals.find((w) => w.withdrawalId === c.withdrawalId);
  if (!withdrawal) throw notFound('unknown-withdrawal', `no withdrawal ${c.withdrawalId} is recorded for this person`);
  if (c.occurredAt < withdrawal.occurredAt) {
    throw refused('stopped-before-withdrawal', `the withdrawal happened only at ${withdrawal.occurredAt}`);
  }
  return [
    {
      type: 'ProcessingStopped',
      data: {
        withdrawalId: c.withdrawalId,
        ...(c.notificationId ? { notificationId: c.notificationId } : {}),
        ...(c.note ? { note: c.note } : {}),
      },
    },
  ];
}

function notified(c: RecordSubjectNotified['data'], state: SubjectState): SubjectEvent[] {
  const notice = state.notices.find((n) => n.disclosureId === c.disclosureId);
  if (!notice) {
    throw notFound('unknown-notice', `no disclosure ${c.disclosureId} of this person called for notice (Art. 19)`);
  }
  if (c.occurredAt < notice.occurredAt)
    throw refused('notified-before-disclosure', `the disclosure happened only at ${notice.occurredAt}`);
  return [
    {
      type: 'SubjectNotified',
      data: { disclosureId: c.disclosureId, channel: c.channel, ...(c.reference ? { reference: c.reference } : {}) },
    },
  ];
}

/**
 * A court decision or data found collected unlawfully is destroyed at once (Law 94-V Art. 18);
 * otherwise only once no law requires keeping it any longer.
 */
function erase(c: EraseSubject['data'], state: SubjectState, context: SubjectContext): SubjectEvent[] {
  // Erasing someone the ledger never heard of would only block a real person later.
  if (state.lastActivity === undefined) throw notFound('unknown-subject', 'the ledger holds nothing about this person');
  // The key is destroyed as the erasure is recorded: dated later (the clock skew allows other facts
  // that much), checks until then would answer for a person whose data is already gone (Art. 18).
  if (c.occurredAt > context.now) {
    throw invalid(
      'occurred-in-future',
      `an erasure takes effect when it is recorded (${context.now}); it cannot be dated later`,
      [{ field: 'occurredAt', code: 'occurred-in-future', message: 'must not be later than now' }],
    );
  }
  // Nothing may be processed after an erasure: dated before a fact already recorded, it would say the
  // ledger processed the person's data after destroying it.
  if (c.occurredAt < state.lastActivity) {
    throw refused(
      'erasure-before-last-fact',
      `the person's last recorded fact happened at ${state.lastActivity}; an erasure cannot be dated before it`,
      [{ field: 'occurredAt', code: 'erasure-before-last-fact', message: `must not be before ${state.lastActivity}` }],
    );
  }
  const ordered = c.reason === 'court-decision' || c.reason === 'unlawful-collection';
  if (ordered && !c.legalReference) {
    throw invalid('legal-reference-required', `erasure for ${c.reason} must cite the decision or finding`, [
      { field: 'legalReference', code: 'required', message: 'name the court decision or the finding' },
    ]);
  }
  if (!ordered) {
    if (!context.retention) throw refused('retention-not-over', 'no retention rules are configured');
    const due = erasureDueAt(state, context.retention, context.catalogue, context.now);
    if (!due || due > context.now) {
      throw refused(
        'retention-not-over',
        due
          ? `the law requires keeping this person's data until ${due}`
          : 'the relationship with this person has not ended',
        [{ code: 'retention-not-over', message: due ?? 'relationship ongoing', field: 'reason' }],
      );
    }
  }
  return [
    {
      type: 'SubjectErased',
      data: { reason: c.reason, ...(c.legalReference ? { legalReference: c.legalReference } : {}) },
    },
  ];
}

/**
 * The policy version, which must have been published by `at`: a person cannot have been shown, or
 * have accepted, a text that did not exist yet.
 */
function publishedBy(policies: PolicyBook, ref: PolicyVersionRef, at: Instant) {
  const policy = policies[ref.policyId];
  if (policy === undefined || policy.versions.length === 0) {
    throw notFound('unknown-policy', `no policy ${ref.policyId} is published`);
  }
  const version = policy.versions.find((v) => v.version === ref.version);
  if (!version) {
    throw notFound('unknown-policy-version', `policy ${ref.policyId} has no published version ${ref.version}`);
  }
  if (at < version.occurredAt) {
    throw refused(
      'policy-not-yet-published',
      `policy ${ref.policyId} version ${ref.version} was published only at ${version.occurredAt}, after ${at}`,
      [{ field: 'occurredAt', code: 'policy-not-yet-published', message: `must not be before ${version.occurredAt}` }],
    );
  }
  return version;
}

/** Sorted, without repeats and without absent fields, so that equal scopes look equal in the log. */
function normaliseScope(scope: WithdrawalScope): WithdrawalScope {
  return {
    ...(scope.purposes !== undefined ? { purposes: unique(scope.purposes) } : {}),
    ...(scope.recipients !== undefined ? { recipients: unique(scope.recipients) } : {}),
    ...(scope.dataCategories !== undefined ? { dataCategories: unique(scope.dataCategories) } : {}),
    ...(scope.crossBorderTransfer === true ? { crossBorderTransfer: true } : {}),
    ...(scope.publication === true ? { publication: true } : {}),
  };
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)].sort();
}
