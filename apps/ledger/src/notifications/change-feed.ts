import { Inject, Injectable } from '@nestjs/common';
import { EventStore, Position, PositionNotInLogError } from '@ledger/event-store';
import { LedgerConfig } from '../config/ledger-config';
import { ProblemException } from '../http/problems';
import { EVENT_STORE, LEDGER_CONFIG } from '../ledger/tokens';
import { Notification, notificationOf, transfersTwinOf } from './notifications';

export interface ChangesPage {
  readonly changes: Notification[];
  /** Pass back as `after`: the last event looked at, past any that told nothing. Absent on an empty log. */
  readonly next?: Position;
  /** Nothing more in the log after `next`, for now. */
  readonly caughtUp: boolean;
}

const READ_BATCH = 1000;
/** A page stops after looking at this many events even if it found fewer notifications than asked. */
const MAX_SCAN = 50_000;

/**
 * The log read as notifications, in log order: what the pull feed serves and what every webhook
 * subscriber is sent. Nothing is kept: the log is the outbox, and a position is the only cursor.
 */
@Injectable()
export class ChangeFeed {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  /** A position a caller gave, refused as a problem when this store did not issue it. */
  position(value: string | undefined, field = 'after'): Position | undefined {
    if (value === undefined) return undefined;
    try {
      this.store.comparePositions(value as Position, value as Position);
      return value as Position;
    } catch {
      throw new ProblemException('invalid-request', `${field} is not a position this ledger issued`, {}, [
        { field, code: 'invalid-position', message: 'use a position the feed or a command returned' },
      ]);
    }
  }

  /**
   * As `position`, and in this log: a replay from past its end would park a subscriber there and
   * skip everything written before the log reached it.
   */
  async positionInLog(value: string | undefined, field = 'after'): Promise<Position | undefined> {
    const position = this.position(value, field);
    if (position === undefined) return undefined;
    const head = await this.store.headPosition();
    if (head === undefined || this.store.comparePositions(position, head) > 0) {
      throw new ProblemException('position-not-in-log', `position ${position} is not in this ledger's log`);
    }
    return position;
  }

  async read(after: Position | undefined, limit: number): Promise<ChangesPage> {
    const changes: Notification[] = [];
    let next = after;
    let scanned = 0;
    let events = await this.readAll(next, READ_BATCH);
    let ended = events.length < READ_BATCH;
    let i = 0;
    for (;;) {
      // One event is kept in sight ahead: a withdrawal's transfers twin is told with it, and a page
      // never ends between the two.
      if (i >= events.length - 1 && !ended) {
        const more = await this.readAll(events[events.length - 1].position, READ_BATCH);
        ended = more.length < READ_BATCH;
        events = [...events.slice(i), ...more];
        i = 0;
      }
      if (i >= events.length) return { changes, ...(next ? { next } : {}), caughtUp: true };
      const event = events[i++];
      const twin = transfersTwinOf(event, events[i]);
      if (twin) i += 1;
      next = (twin ?? event).position;
      scanned += twin ? 2 : 1;
      const notification = notificationOf(event, this.config.workingCalendar, twin);
      if (notification) changes.push(notification);
      if (changes.length >= limit || scanned >= MAX_SCAN) return { changes, next, caughtUp: false };
    }
  }

  private async readAll(after: Position | undefined, maxCount: number) {
    try {
      return await this.store.readAll({ ...(after ? { after } : {}), maxCount });
    } catch (error) {
      if (error instanceof PositionNotInLogError) {
        throw new ProblemException('position-not-in-log', `position ${after} is not in this ledger's log`);
      }
      throw error;
    }
  }
}
