import { ConsentView, factsById, FactSummary, SubjectState } from '@ledger/consent-domain';
import { StoredEvent } from '@ledger/event-store';
import { metadataOf } from '@ledger/ledger-log';
import { SubjectsQueries } from '@ledger/projections';
import { ProblemException } from '../http/problems';
import { assertSubjectId } from '../http/validation';

export interface EventSummary {
  readonly eventId: string;
  readonly type: string;
  readonly revision: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
}

/** The person's events an answer rests on, in brief, in the order recorded. */
export function summaries(state: SubjectState, eventIds: readonly string[]): EventSummary[] {
  const facts = factsById(state);
  return eventIds
    .map((id) => facts.get(id))
    .filter((f): f is FactSummary => f !== undefined)
    .sort((a, b) => a.revision - b.revision);
}

/** The folded state of a person the ledger knows, or 404. */
export function knownState(subjects: SubjectsQueries, subjectId: string): SubjectState {
  const found = subjects.state(assertSubjectId(subjectId));
  if (!found) throw new ProblemException('unknown-subject', `the ledger holds no events for subject ${subjectId}`);
  return found.state;
}

export { assertSubjectId };

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

export function presentEntry(e: StoredEvent) {
  const meta = metadataOf(e);
  return {
    eventId: e.id,
    revision: e.revision,
    type: e.type,
    occurredAt: meta.occurredAt,
    recordedAt: meta.recordedAt,
    position: e.position,
    actor: meta.actor,
    commandId: meta.commandId,
    // Brought in by a bulk import, outside the late-fact window (the import's own stream says who, and which file).
    ...(meta.imported ? { imported: { importId: meta.imported.importId, line: meta.imported.line } } : {}),
    // The event's own hash and its predecessor's, as an export carries them (docs/integrity.md).
    ...(meta.hash ? { hash: meta.hash } : {}),
    ...(meta.previousHash ? { previousHash: meta.previousHash } : {}),
    data: e.data,
  };
}
