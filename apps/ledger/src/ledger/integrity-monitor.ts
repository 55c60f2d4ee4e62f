import { Injectable, Logger } from '@nestjs/common';
import { IntegrityFailure } from '@ledger/ledger-log';

export interface IntegrityProblem {
  readonly stream: string;
  readonly revision: number;
  readonly reason: string;
  readonly seenAt: string;
}

/**
 * Where a broken hash chain, found by a command or a projection, is reported: it is logged naming
 * the stream, and readiness fails until an operator has restored the store and restarted. The
 * ledger never decides or answers on a history it cannot verify.
 */
@Injectable()
export class IntegrityMonitor {
  private readonly logger = new Logger('Integrity');
  private readonly problems = new Map<string, IntegrityProblem>();

  failed(failure: IntegrityFailure): void {
    const key = `${failure.stream}@${failure.revision}`;
    if (this.problems.has(key)) return;
    this.problems.set(key, {
      stream: failure.stream,
      revision: failure.revision,
      reason: failure.reason,
      seenAt: new Date().toISOString(),
    });
    this.logger.error(
      `integrity failure in ${failure.stream} at revision ${failure.revision} (${failure.reason}): the stored log was changed outside the ledger; restore it from a verified backup`,
    );
  }

  /** What has been found broken since start-up (a bounded list: the first 100). */
  found(): readonly IntegrityProblem[] {
    return [...this.problems.values()].slice(0, 100);
  }
}
