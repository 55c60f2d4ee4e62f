import {
  ConsentWithdrawn,
  countWorkingDays,
  stopProcessingApplies,
  DEADLINE_RULES,
  Instant,
  PolicyVersionPublished,
  SubjectErased,
  isWhole,
  scopeTaken,
  WithdrawalRefused,
  WorkingCalendar,
} from '@ledger/consent-domain';
import { StoredEvent } from '@ledger/event-store';
import { categoryOf, DEADLINE, idOf, metadataOf, POLICY, SUBJECT, uuidV5 } from '@ledger/ledger-log';

/** What the lending core is told, by Standard Webhooks `type`. */
export const NOTIFICATION_TYPES = [
  'consent.withdrawn',
  'withdrawal.refused',
  'policy.reacceptance-required',
  'deadline.approaching',
  'deadline.passed',
  'subject.erased',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/**
 * One notification: the same in the pull feed and in a webhook. It names a person only by their
 * pseudonym and carries codes, never personal data; its id is derived from the event it tells of,
 * so every delivery and every read of the feed gives the same id.
 */
export interface Notification {
  readonly id: string;
  /**
   * The log position of the last event it tells of (a withdrawal's transfers twin, when told with it);
   * a feed or a replay continues after it.
   */
  readonly position: string;
  readonly type: NotificationType;
  /** When the ledger recorded the fact (the event's recordedAt). */
  readonly timestamp: Instant;
  readonly data: NotificationData;
}

export interface NotificationData {
  readonly eventId: string;
  readonly subjectId?: string;
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
  readonly [field: string]: unknown;
}

/** The alarm the deadline watch records when an open deadline comes near or passes. */
export interface DeadlineAlarmRaised {
  readonly kind: 'stop-processing' | 'notify-subject';
  readonly status: 'due-soon' | 'overdue';
  readonly withdrawalId?: string;
  readonly disclosureId?: string;
  readonly deadline: Instant;
  readonly citation: string;
  /** The event that started the deadline (the withdrawal or the disclosure). */
  readonly startedBy: string;
}

/** A notification's id: one per event, forever. */
export const notificationIdOf = (eventId: string) => uuidV5(`notification/${eventId}`);

/**
 * The second ConsentWithdrawn of one withdrawal, when `following` is it: a withdrawal refused in part for
 * a purpose a law requires is recorded as the rest and that purpose's transfers, in one append, and is
 * told as one consent.withdrawn — one obligation to stop (Art. 8(7)).
 */
export function transfersTwinOf(event: StoredEvent, following: StoredEvent | undefined): StoredEvent | undefined {
  if (following === undefined || event.type !== 'ConsentWithdrawn' || following.type !== 'ConsentWithdrawn')
    return undefined;
  if (event.stream !== following.stream) return undefined;
  const id = (e: StoredEvent) => (e.data as ConsentWithdrawn['data']).withdrawalId;
  return id(event) === id(following) ? following : undefined;
}

/** The notification an event gives rise to, if any; a withdrawal's transfers twin told with it. */
export function notificationOf(
  event: StoredEvent,
  calendar: WorkingCalendar,
  twin?: StoredEvent,
): Notification | undefined {
  const found = describe(event, calendar, twin);
  if (!found) return undefined;
  const meta = metadataOf(event);
  return {
    id: notificationIdOf(event.id),
    // Past the twin: a cursor between the two would tell the twin again, alone and under another id.
    position: (twin ?? event).position,
    type: found.type,
    timestamp: meta.recordedAt,
    data: { eventId: event.id, ...found.data, occurredAt: meta.occurredAt, recordedAt: meta.recordedAt },
  };
}

function describe(
  event: StoredEvent,
  calendar: WorkingCalendar,
  twin?: StoredEvent,
): { type: NotificationType; data: Record<string, unknown> } | undefined {
  const category = categoryOf(event.stream);
  if (category === SUBJECT) {
    const subjectId = idOf(event.stream);
    switch (event.type) {
      case 'ConsentWithdrawn': {
        const data = event.data as ConsentWithdrawn['data'];
        const rule = DEADLINE_RULES['stop-processing'];
        const occurredAt = metadataOf(event).occurredAt;
        const count = countWorkingDays(occurredAt, rule.workingDays, calendar);
        // Before Art. 8(7) came into force (17.11.2025) a withdrawal started no stop deadline.
        const applies = stopProcessingApplies(occurredAt, calendar);
        const transfers = twin && (twin.data as ConsentWithdrawn['data']);
        return {
          type: 'consent.withdrawn',
          data: {
            subjectId,
            withdrawalId: data.withdrawalId,
            ...(data.consentId ? { consentId: data.consentId } : {}),
            extent: isWhole(data.scope) ? 'whole' : 'partial',
            // What it took, not every purpose it named (the recorded scope may list the whole catalogue).
            scope: scopeTaken(data),
            ...(transfers ? { transfersWithdrawn: scopeTaken(transfers) } : {}),
            channel: data.channel,
            ...(applies
              ? {
                  stopProcessing: {
                    workingDays: rule.workingDays,
                    citation: rule.citation,
                    ...(count.known ? { deadline: count.deadline } : { calendarUnknownYears: count.uncoveredYears }),
                  },
                }
              : {}),
          },
        };
      }
      case 'WithdrawalRefused': {
        const data = event.data as WithdrawalRefused['data'];
        return {
          type: 'withdrawal.refused',
          data: {
            subjectId,
            withdrawalId: data.withdrawalId,
            ...(data.consentId ? { consentId: data.consentId } : {}),
            scope: data.scope,
            reason: { code: data.reason.code, ...(data.reason.citation ? { citation: data.reason.citation } : {}) },
          },
        };
      }
      case 'SubjectErased':
        return { type: 'subject.erased', data: { subjectId, reason: (event.data as SubjectErased['data']).reason } };
    }
    return undefined;
  }
  if (category === POLICY && event.type === 'PolicyVersionPublished') {
    const data = event.data as PolicyVersionPublished['data'];
    if (!data.materialChange) return undefined;
    return {
      type: 'policy.reacceptance-required',
      data: { policyId: data.policyId, version: data.version, effectiveFrom: data.effectiveFrom },
    };
  }
  if (category === DEADLINE && event.type === 'DeadlineAlarmRaised') {
    const data = event.data as unknown as DeadlineAlarmRaised;
    return {
      type: data.status === 'overdue' ? 'deadline.passed' : 'deadline.approaching',
      data: { subjectId: idOf(event.stream), ...data },
    };
  }
  return undefined;
}
