import { Instant } from './instant';

/** A reference to the stored event a fact came from, so that answers can cite their evidence. */
export interface EventRef {
  readonly eventId: string;
  readonly revision: number;
}

/** An event as the ledger recorded it: when it happened, and when the ledger learned of it. */
export type Recorded<E> = E & {
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
  readonly ref: EventRef;
};

/** Emmett's decider: plain functions, no base classes. */
export interface Decider<Command, Event, State, Context> {
  initialState(): State;
  decide(command: Command, state: State, context: Context): Event[];
  evolve(state: State, event: Recorded<Event>): State;
}

/** Ends a switch over a union: a case left out fails to compile. */
export function exhaustive(value: never, what: string): never {
  throw new Error(`unhandled ${what} ${JSON.stringify(value)}`);
}

export function fold<Event, State>(
  decider: Pick<Decider<unknown, Event, State, unknown>, 'initialState' | 'evolve'>,
  events: readonly Recorded<Event>[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}
