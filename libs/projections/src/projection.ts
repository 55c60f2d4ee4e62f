import { StoredEvent } from '@ledger/event-store';

/**
 * A read model fed from the log. `apply` runs inside the runner's transaction, together with the
 * checkpoint, and must be synchronous.
 */
export interface Projection {
  readonly name: string;
  /** Bump when the tables or what goes into them change: the runner then rebuilds from zero. */
  readonly version: number;
  /** Creates its tables if missing. */
  setUp(): void;
  /** Drops its tables, for a rebuild from zero. */
  tearDown(): void;
  apply(event: StoredEvent): void;
}
