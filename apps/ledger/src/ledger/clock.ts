import { Instant, toInstant } from '@ledger/consent-domain';

export const CLOCK = Symbol('Clock');

/** The ledger's only source of time: it becomes every event's recordedAt. */
export interface Clock {
  now(): Instant;
}

/**
 * Wall-clock time that never runs backwards within the process, so that recording order and
 * recordedAt agree even if the system clock is stepped back.
 */
export class SystemClock implements Clock {
  private last = 0;

  now(): Instant {
    this.last = Math.max(this.last, Date.now());
    return toInstant(this.last);
  }
}
