import { invalid, refused } from './domain-error';
import { addMs, Instant } from './instant';

/** How far the two times of an event may lie apart. */
export interface TimeRules {
  /** A paper form keyed in later: how long after it happened an event may still be recorded. */
  readonly lateWindowMs: number;
  /** How far ahead of the ledger's clock a caller's clock may run. */
  readonly clockSkewMs: number;
}

/**
 * The widest the two windows can ever be set (LEDGER_CLOCK_SKEW_SECONDS, LEDGER_LATE_WINDOW_DAYS):
 * an event beyond them was not recorded by the ledger's rules, whatever its configuration.
 */
export const MAX_CLOCK_SKEW_SECONDS = 3600;
export const MAX_LATE_WINDOW_DAYS = 3650;

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
