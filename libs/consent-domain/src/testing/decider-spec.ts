import { Decider, fold, Recorded } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { Instant } from '../shared/instant';

/**
 * Specifications in the decider's own terms: given these recorded events, when this command is
 * decided, then exactly these events (or this error).
 */
export function deciderSpec<C, E, S, Ctx>(decider: Decider<C, E, S, Ctx>, context: () => Ctx) {
  return {
    given(events: readonly Recorded<E>[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, fold(decider, events), context());
          return {
            then(expected: readonly E[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(kind: DomainError['kind'], code: string) {
              let error: unknown;
              try {
                run();
              } catch (e) {
                error = e;
              }
              expect(error).toBeInstanceOf(DomainError);
              expect({ kind: (error as DomainError).kind, code: (error as DomainError).code }).toEqual({ kind, code });
              return error as DomainError;
            },
            events: run,
          };
        },
      };
    },
  };
}

/** Builds recorded events with their two times and consecutive revisions. */
export class History<E> {
  private readonly events: Recorded<E>[] = [];

  /** `prefix` keeps event ids of different streams apart. */
  constructor(private readonly prefix = 'event') {}

  add(event: E, occurredAt: Instant, recordedAt: Instant = occurredAt): this {
    const revision = this.events.length;
    this.events.push({ ...event, occurredAt, recordedAt, ref: { eventId: `${this.prefix}-${revision}`, revision } });
    return this;
  }

  get all(): readonly Recorded<E>[] {
    return this.events;
  }
}
