import { Inject, Injectable } from '@nestjs/common';
import { Instant } from '@ledger/consent-domain';
import { Position } from '@ledger/event-store';
import { categoryOf, POLICY, SUBJECT } from '@ledger/ledger-log';
import { ReadSide } from '@ledger/projections';
import { READ_SIDE } from './tokens';

/** The longest a recorded fact is waited for in the read models before it counts as landed (as a command's answer waits). */
const SETTLE_MS = 1_000;

/** The streams whose facts answer "valid at T as known at T′": a person's and a policy's. */
const KNOWN_AT_CATEGORIES = new Set([SUBJECT, POLICY]);

interface Waiter {
  readonly knownAt: Instant;
  readonly about?: string;
  readonly resolve: (settled: boolean) => void;
}

interface OnItsWay {
  readonly recordedAt: Instant;
  readonly stream: string;
}

/**
 * The facts this instance is recording now. A fact takes its recordedAt when it is decided, and
 * reaches the log, then the read models, some milliseconds later: an answer "as known at T′" given
 * meanwhile left out a fact the log says the ledger knew by T′, and the same question asked again
 * later was answered otherwise. A question waits (`settled`) until no fact recorded at or before its
 * T′ is still on its way here. (Another instance's writes in flight are not seen: see README,
 * "Consistency".)
 */
@Injectable()
export class Recordings {
  /** Each fact on its way, by token. */
  private readonly open = new Map<number, OnItsWay>();
  private next = 0;
  private readonly waiting = new Set<Waiter>();

  constructor(@Inject(READ_SIDE) private readonly side: Pick<ReadSide, 'runner'>) {}

  /** Whether facts written to this stream are answered as known at T′ (others — looks, claims, checkpoints — are not). */
  tracks(stream: string): boolean {
    return KNOWN_AT_CATEGORIES.has(categoryOf(stream));
  }

  /** A fact recorded at `recordedAt` on `stream` is on its way; `landed` or `end` must follow. */
  begin(recordedAt: Instant, stream: string): number {
    const token = ++this.next;
    this.open.set(token, { recordedAt, stream });
    return token;
  }

  /** Written at `position`: on its way until this instance's read models hold it (at most SETTLE_MS). */
  landed(tokens: readonly number[], position: Position | undefined): void {
    if (tokens.length === 0) return;
    if (position === undefined) return this.end(tokens);
    this.side.runner.settle(position, SETTLE_MS).then(
      () => this.end(tokens),
      () => this.end(tokens),
    );
  }

  /** No longer on its way: written and read, or not written at all. */
  end(tokens: readonly number[]): void {
    for (const token of tokens) this.open.delete(token);
    for (const waiter of this.waiting) {
      if (!this.pendingBy(waiter.knownAt, waiter.about)) {
        this.waiting.delete(waiter);
        waiter.resolve(true);
      }
    }
  }

  /**
   * Resolves true once no fact recorded at or before `knownAt` is on its way here — about the person
   * whose stream is `about` (and the policies), when the question is about one — or false after `timeoutMs`.
   */
  settled(knownAt: Instant, timeoutMs: number, about?: string): Promise<boolean> {
    if (!this.pendingBy(knownAt, about)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(waiter);
        resolve(false);
      }, timeoutMs);
      const waiter: Waiter = {
        knownAt,
        ...(about !== undefined ? { about } : {}),
        resolve: (settled) => {
          clearTimeout(timer);
          resolve(settled);
        },
      };
      this.waiting.add(waiter);
    });
  }

  private pendingBy(knownAt: Instant, about: string | undefined): boolean {
    for (const fact of this.open.values()) {
      const concerns = about === undefined || fact.stream === about || categoryOf(fact.stream) === POLICY;
      if (concerns && fact.recordedAt <= knownAt) return true;
    }
    return false;
  }
}
