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
  /** `last` written out: a busy ledger asks the time several times a millisecond. */
  private lastText = toInstant(0);

  now(): Instant {
    const ms = Date.now();
    if (ms > this.last) {
      this.last = ms;
      this.lastText = toInstant(ms);
    }
    return this.lastText;
  }
}
