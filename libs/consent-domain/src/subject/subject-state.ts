import { Recorded } from '../shared/decider';
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
  /** When processing was confirmed stopped (Art. 8(7)); absent while the deadline runs. */
  readonly stoppedAt?: Fact;
}

/** A disclosure the person asked to be told of (Art. 19), and whether they have been. */
export interface NoticeRecord extends Fact {
  readonly disclosureId: string;
  readonly notifiedAt?: Fact;
}

export interface AcceptanceRecord extends Fact, PolicyVersionRef {}

export interface LoanRecord {
  readonly loanId: string;
  readonly signed: Fact;
  readonly fulfilled?: Fact;
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
            ...fact,
          },
        ],
      };
    case 'WithdrawalRefused':
      return { ...state, refusals: state.refusals + 1 };
    case 'PolicyVersionAccepted':
      return {
        ...state,
        acceptances: [...state.acceptances, { policyId: event.data.policyId, version: event.data.version, ...fact }],
      };
    case 'LoanContractSigned':
      return { ...state, loans: [...state.loans, { loanId: event.data.loanId, signed: fact }] };
    case 'LoanObligationsFulfilled':
      return {
        ...state,
        loans: state.loans.map((loan) => (loan.loanId === event.data.loanId ? { ...loan, fulfilled: fact } : loan)),
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
          w.withdrawalId === event.data.withdrawalId ? { ...w, stoppedAt: fact } : w,
        ),
      };
    case 'SubjectErased':
      return { ...state, erased: { ...fact, reason: event.data.reason } };
    case 'SubjectNotified':
      return {
        ...state,
        notices: state.notices.map((n) =>
          n.disclosureId === event.data.disclosureId ? { ...n, notifiedAt: fact } : n,
        ),
      };
    case 'DisclosureRefused':
      return { ...state, refusals: state.refusals + 1 };
  }
  return exhaustive(event);
}

/** Loans whose obligations were still unfulfilled at `at`, as the ledger knows now. */
export function openLoansAt(state: SubjectState, at: Instant): string[] {
  return openLoans(state, at, (fact) => fact.occurredAt <= at);
}

/** Loans unfulfilled at `at`, counting only what the ledger had recorded by `knownAt`. */
export function openLoansAsKnown(state: SubjectState, moment: { at: Instant; knownAt: Instant }): string[] {
  return openLoans(state, moment.at, (fact) => fact.occurredAt <= moment.at && fact.recordedAt <= moment.knownAt);
}

function openLoans(state: SubjectState, at: Instant, counts: (fact: Fact) => boolean): string[] {
  return state.loans
    .filter(
      (loan) => counts(loan.signed) && loan.signed.occurredAt <= at && !(loan.fulfilled && counts(loan.fulfilled)),
    )
    .map((loan) => loan.loanId);
}

function exhaustive(event: never): never {
  throw new Error(`unhandled event ${JSON.stringify(event)}`);
}
