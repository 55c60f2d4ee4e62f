import { invalid, refused } from './domain-error';
import { addMs, Instant } from './instant';

/** How far the two times of an event may lie apart. */
export interface TimeRules {
  /** A paper form keyed in later: how long after it happened an event may still be recorded. */
  readonly lateWindowMs: number;
  /** How far ahead of the ledger's clock a caller's clock may run. */
  readonly clockSkewMs: number;
}

export function assertOccurredInWindow(occurredAt: Instant, context: { now: Instant; time: TimeRules }): void {
  if (occurredAt > addMs(context.now, context.time.clockSkewMs)) {
    throw invalid('occurred-in-future', `occurredAt ${occurredAt} is in the future (ledger time ${context.now})`, [
      { field: 'occurredAt', code: 'occurred-in-future', message: 'must not be later than now' },
    ]);
  }
  if (occurredAt < addMs(context.now, -context.time.lateWindowMs)) {
    throw refused(
      'occurred-too-long-ago',
      `occurredAt ${occurredAt} is older than the late-entry window allows (${context.time.lateWindowMs} ms before ${context.now})`,
      [{ field: 'occurredAt', code: 'occurred-too-long-ago', message: 'outside the late-entry window' }],
    );
  }
}
