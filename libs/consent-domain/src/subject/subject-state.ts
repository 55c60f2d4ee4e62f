import { exhaustive, Recorded } from '../shared/decider';
import { Instant, laterOf } from '../shared/instant';
import { ConsentGranted, PolicyVersionRef, SubjectEvent, WithdrawalScope } from './subject-events';

/** Where a fact came from and its two times. Every fact in the state carries one. */
export interface Fact {
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
  readonly eventId: string;
  readonly revision: number;
}

export type ConsentRecord = ConsentGranted['data'] & Fact;

export interface WithdrawalRecord extends Fact {
  readonly withdrawalId: string;
  readonly consentId?: string;
  readonly scope: WithdrawalScope;
  /**
   * A loan known when the withdrawal was recorded was open at its date: it could not take a loan-bound
   * purpose then (Law 94-V Art. 8(2)), not even from a consent dated before it and keyed in later.
   */
  readonly loanOpenWhenRecorded: boolean;
  /** The earliest confirmation that processing stopped (Art. 8(7)); absent while the deadline runs. */
  readonly stoppedAt?: Fact;
}

/** A disclosure the person asked to be told of (Art. 19), and whether they have been. */
export interface NoticeRecord extends Fact {
  readonly disclosureId: string;
  /** The earliest record of the person being told (Art. 19). */
  readonly notifiedAt?: Fact;
}

export interface AcceptanceRecord extends Fact, PolicyVersionRef {}

/**
 * A loan with every record of its signing and fulfilment: a paper contract keyed in late may date the
 * signing earlier than the record already there, and the earliest known counts.
 */
export interface LoanRecord {
  readonly loanId: string;
  readonly signings: readonly Fact[];
  readonly fulfilments: readonly Fact[];
}

export interface PurposesAchievedRecord extends Fact {
  readonly consentId: string;
  readonly purposes: readonly string[];
}

/**
 * Everything about one person that decisions and validity answers depend on, with both times of
 * every fact kept, so that any (T, T′) question can be answered from it. Plain JSON, so that a
 * projection can store it and an auditor's replay can rebuild it from an export.
 */
export interface SubjectState {
  readonly consents: readonly ConsentRecord[];
  readonly withdrawals: readonly WithdrawalRecord[];
  /**
   * Withdrawals naming no consent that Art. 8(2) refused in part or whole, each with the scope as asked
   * (its refusal's `scopeAsked`): for a consent keyed in after it, that scope stands for the withdrawal's
   * recorded ones, which were cut to the consents known then. Absent while there is none.
   */
  readonly withdrawalsAsked?: readonly WithdrawalRecord[];
  readonly acceptances: readonly AcceptanceRecord[];
  readonly loans: readonly LoanRecord[];
  readonly purposesAchieved: readonly PurposesAchievedRecord[];
  readonly notices: readonly NoticeRecord[];
  /** When and why the person's data key was destroyed. */
  readonly erased?: Fact & { readonly reason: string };
  /** When data last went to each recipient: a credit bureau's register runs 10 years after (573-II Art. 23(6)). */
  readonly lastDisclosedTo?: Readonly<Record<string, Instant>>;
  /** The last thing that happened with the person, for retention. */
  readonly lastActivity?: Instant;
  readonly disclosures: number;
  readonly refusals: number;
}

export const initialSubjectState = (): SubjectState => ({
  consents: [],
  withdrawals: [],
  acceptances: [],
  loans: [],
  purposesAchieved: [],
  notices: [],
  disclosures: 0,
  refusals: 0,
});

export function evolveSubject(state: SubjectState, event: Recorded<SubjectEvent>): SubjectState {
  const next = evolveFacts(state, event);
  return event.type === 'SubjectErased' || (state.lastActivity ?? '') >= event.occurredAt
    ? next
    : { ...next, lastActivity: event.occurredAt };
}

function evolveFacts(state: SubjectState, event: Recorded<SubjectEvent>): SubjectState {
  const fact: Fact = {
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    eventId: event.ref.eventId,
    revision: event.ref.revision,
  };
  switch (event.type) {
    case 'ConsentGranted':
      return { ...state, consents: [...state.consents, { ...event.data, ...fact }] };
    case 'ConsentWithdrawn':
      return {
        ...state,
        withdrawals: [
          ...state.withdrawals,
          {
            withdrawalId: event.data.withdrawalId,
            ...(event.data.consentId !== undefined ? { consentId: event.data.consentId } : {}),
            scope: event.data.scope,
            // The loans folded so far are those the decider knew when it decided this withdrawal.
            loanOpenWhenRecorded: openLoansAt(state, fact.occurredAt).length > 0,
            ...fact,
          },
        ],
      };
    case 'WithdrawalRefused':
      if (event.data.scopeAsked === undefined) return { ...state, refusals: state.refusals + 1 };
      return {
        ...state,
        refusals: state.refusals + 1,
        withdrawalsAsked: [
          ...(state.withdrawalsAsked ?? []),
          {
            withdrawalId: event.data.withdrawalId,
            scope: event.data.scopeAsked,
            loanOpenWhenRecorded: openLoansAt(state, fact.occurredAt).length > 0,
            ...fact,
          },
        ],
      };
    case 'PolicyVersionAccepted':
      return {
        ...state,
        acceptances: [...state.acceptances, { policyId: event.data.policyId, version: event.data.version, ...fact }],
      };
    case 'LoanContractSigned':
      return {
        ...state,
        loans: withLoan(state.loans, event.data.loanId, (loan) => ({ ...loan, signings: [...loan.signings, fact] })),
      };
    case 'LoanObligationsFulfilled':
      return {
        ...state,
        loans: withLoan(state.loans, event.data.loanId, (loan) => ({
          ...loan,
          fulfilments: [...loan.fulfilments, fact],
        })),
      };
    case 'ConsentPurposesAchieved':
      return {
        ...state,
        purposesAchieved: [
          ...state.purposesAchieved,
          { consentId: event.data.consentId, purposes: event.data.purposes, ...fact },
        ],
      };
    case 'DisclosureRecorded':
      return {
        ...state,
        disclosures: state.disclosures + 1,
        lastDisclosedTo: {
          ...state.lastDisclosedTo,
          [event.data.recipient]: laterOf(
            state.lastDisclosedTo?.[event.data.recipient] ?? event.occurredAt,
            event.occurredAt,
          ),
        },
        notices: event.data.subjectToBeNotified
          ? [...state.notices, { disclosureId: event.data.disclosureId, ...fact }]
          : state.notices,
      };
    case 'ProcessingStopped':
      return {
        ...state,
        withdrawals: state.withdrawals.map((w) =>
          w.withdrawalId === event.data.withdrawalId ? { ...w, stoppedAt: earliest(w.stoppedAt, fact) } : w,
        ),
      };
    case 'SubjectErased':
      return { ...state, erased: { ...fact, reason: event.data.reason } };
    case 'SubjectNotified':
      return {
        ...state,
        notices: state.notices.map((n) =>
          n.disclosureId === event.data.disclosureId ? { ...n, notifiedAt: earliest(n.notifiedAt, fact) } : n,
        ),
      };
    case 'DisclosureRefused':
      return { ...state, refusals: state.refusals + 1 };
  }
  return exhaustive(event, 'event');
}

/** Loans whose obligations were still unfulfilled at `at`, as the ledger knows now. */
export function openLoansAt(state: SubjectState, at: Instant): string[] {
  return openLoans(state, (fact) => fact.occurredAt <= at);
}

/** Loans unfulfilled at `at`, counting only what the ledger had recorded by `knownAt`. */
export function openLoansAsKnown(state: SubjectState, moment: { at: Instant; knownAt: Instant }): string[] {
  return openLoans(state, (fact) => fact.occurredAt <= moment.at && fact.recordedAt <= moment.knownAt);
}

/**
 * Whether a refused withdrawal's ground still stands as known at `knownAt`: a refusal for an open loan
 * holds only while a loan was open when the person withdrew (Law 94-V Art. 8(2): "while an obligation is
 * unfulfilled"), which a fulfilment recorded later and dated before it denies. Other grounds stand.
 */
export function refusalHoldsAsKnown(
  state: SubjectState,
  refusal: { readonly reasonCode: string; readonly occurredAt: Instant },
  knownAt: Instant,
): boolean {
  if (refusal.reasonCode !== 'obligations-unfulfilled') return true;
  return openLoansAsKnown(state, { at: refusal.occurredAt, knownAt }).length > 0;
}

/** Signed by then (by any record of it), and no record of fulfilment by then. */
function openLoans(state: SubjectState, counts: (fact: Fact) => boolean): string[] {
  return state.loans
    .filter((loan) => loan.signings.some(counts) && !loan.fulfilments.some(counts))
    .map((loan) => loan.loanId);
}

/** The fact that happened first (on a tie, the one recorded first). */
export function earliest<F extends Fact>(current: F | undefined, next: F): F {
  return current === undefined || next.occurredAt < current.occurredAt ? next : current;
}

function withLoan(
  loans: readonly LoanRecord[],
  loanId: string,
  change: (loan: LoanRecord) => LoanRecord,
): LoanRecord[] {
  const found = loans.some((l) => l.loanId === loanId);
  const all = found ? loans : [...loans, { loanId, signings: [], fulfilments: [] }];
  return all.map((loan) => (loan.loanId === loanId ? change(loan) : loan));
}

/** A fact of the state in brief: which event it came from, and its two times. */
export interface FactSummary {
  readonly eventId: string;
  readonly type: SubjectEvent['type'];
  readonly revision: number;
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
}

/** The facts an answer can cite, by event id, straight from the state (no read of the log needed). */
export function factsById(state: SubjectState): Map<string, FactSummary> {
  const facts = new Map<string, FactSummary>();
  const add = (type: SubjectEvent['type'], fact: Fact) =>
    facts.set(fact.eventId, {
      eventId: fact.eventId,
      type,
      revision: fact.revision,
      occurredAt: fact.occurredAt,
      recordedAt: fact.recordedAt,
    });
  state.consents.forEach((f) => add('ConsentGranted', f));
  state.withdrawals.forEach((f) => add('ConsentWithdrawn', f));
  state.withdrawalsAsked?.forEach((f) => add('WithdrawalRefused', f));
  state.acceptances.forEach((f) => add('PolicyVersionAccepted', f));
  state.purposesAchieved.forEach((f) => add('ConsentPurposesAchieved', f));
  state.loans.forEach((l) => {
    l.signings.forEach((f) => add('LoanContractSigned', f));
    l.fulfilments.forEach((f) => add('LoanObligationsFulfilled', f));
  });
  if (state.erased) add('SubjectErased', state.erased);
  return facts;
}
