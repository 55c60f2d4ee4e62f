import { ConsentView, SubjectState } from '@ledger/consent-domain';
import { isSealed } from '@ledger/personal-data';
import { SubjectsQueries, TimelineEntry } from '@ledger/projections';
import { ProblemException } from '../http/problems';
import { SUBJECT_ID_PATTERN } from '../http/validation';

export interface EventSummary {
  readonly eventId: string;
  readonly type: string;
  readonly revision: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
}

/** The events an answer rests on, in brief. */
export function summaries(subjects: SubjectsQueries, subjectId: string, eventIds: readonly string[]): EventSummary[] {
  return subjects.events(subjectId, eventIds).map((e) => ({
    eventId: e.eventId,
    type: e.type,
    revision: e.revision,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
  }));
}

/** The folded state of a person the ledger knows, or 404. */
export function knownState(subjects: SubjectsQueries, subjectId: string): SubjectState {
  const found = subjects.state(assertSubjectId(subjectId));
  if (!found) throw new ProblemException('unknown-subject', `the ledger holds no events for subject ${subjectId}`);
  return found.state;
}

export function assertSubjectId(subjectId: string): string {
  if (!SUBJECT_ID_PATTERN.test(subjectId)) {
    throw new ProblemException(
      'invalid-request',
      'subjectId must be the 32-hex-digit pseudonym from /v1/subjects/resolve',
      {},
      [{ field: 'subjectId', code: 'matches', message: 'must be 32 lowercase hex digits' }],
    );
  }
  return subjectId;
}

export function present(view: ConsentView) {
  const g = view.grant;
  return {
    consentId: view.consentId,
    status: view.status,
    dpvState: view.dpvState,
    givenAt: g.occurredAt,
    recordedAt: g.recordedAt,
    purposes: g.purposes,
    dataCategories: g.dataCategories,
    recipients: g.recipients,
    term: g.term,
    termEnded: view.termEnded,
    crossBorderTransferAllowed: view.crossBorderTransferAllowed,
    publicationAllowed: view.publicationAllowed,
    notifyOnDisclosure: g.notifyOnDisclosure,
    policy: { shown: g.policyShown, ...view.policy },
    language: g.language,
    collectionMethod: g.collectionMethod,
    evidence: g.evidence,
    withdrawals: view.withdrawals.map((w) => ({
      withdrawalId: w.withdrawalId,
      ...(w.consentId ? { consentId: w.consentId } : {}),
      scope: w.scope,
      occurredAt: w.occurredAt,
      recordedAt: w.recordedAt,
      eventId: w.eventId,
    })),
    purposesAchieved: view.purposesAchieved,
    coverage: view.coverage,
    justifiedBy: view.justifiedBy,
  };
}

export function presentEntry(e: TimelineEntry) {
  return {
    eventId: e.eventId,
    revision: e.revision,
    type: e.type,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    position: e.position,
    actor: e.actor,
    commandId: e.commandId,
    data: withoutSealed(e.data),
  };
}

/** Sealed personal data is not shown in a timeline: only that it is there. */
function withoutSealed(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, isSealed(v) ? '[sealed personal data]' : v]));
}
