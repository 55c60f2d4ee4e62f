import { Position } from '@ledger/event-store';

/** Queries waiting for the read models to reach a position: let go as batches land, or at their timeout. */
export class PositionWaiters {
  private waiters: { position: Position; resolve: (reached: boolean) => void }[] = [];

  constructor(private readonly reached: (position: Position) => boolean) {}

  /** Resolves true once `reached(position)`, false after `timeoutMs`. */
  wait(position: Position, timeoutMs: number): Promise<boolean> {
    if (this.reached(position)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve: (reached: boolean) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** A batch landed: lets go of those it reached. */
  release(): void {
    if (this.waiters.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => {
      if (!this.reached(waiter.position)) return true;
      waiter.resolve(true);
      return false;
    });
  }

  /** The feed stopped: nobody's position will be reached here. */
  abandon(): void {
    for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
  }
}
