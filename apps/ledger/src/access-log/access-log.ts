import { randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Instant } from '@ledger/consent-domain';
import { accessStream, BULK, LOOKUP_MISSES_STREAM } from '@ledger/ledger-log';
import { Principal } from '../auth/roles';
import { LedgerConfig } from '../config/ledger-config';
import { Clock, CLOCK } from '../ledger/clock';
import { CommandExecutor, Decided, HEAD_ONLY } from '../ledger/command-executor';
import { LEDGER_CONFIG } from '../ledger/tokens';
import { ProblemException } from '../http/problems';

export { accessStream, BULK };

/** What a look at personal data recorded: who, under which role, why, when, and what was shown. */
export interface PersonalDataAccessed {
  readonly type: 'PersonalDataAccessed';
  readonly data: {
    readonly accessor: { readonly sub: string; readonly role: string };
    /** Which view of the data was shown. */
    readonly view: string;
    readonly parameters: Readonly<Record<string, unknown>>;
    /** The stated reason; sealed with the person's own key by the command road (it may name them). */
    readonly reason?: unknown;
    /** For a read across many people: how many records it showed. */
    readonly records?: number;
  };
}

/** The stated reason for looking, from `X-Access-Reason` (percent-encode non-ASCII text). */
export const AccessReason = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['x-access-reason'];
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw.trim() === '') return undefined;
  let reason: string;
  try {
    reason = /%[0-9A-Fa-f]{2}/.test(raw) ? decodeURIComponent(raw) : raw;
  } catch {
    throw new ProblemException('invalid-request', 'X-Access-Reason is not valid percent-encoding');
  }
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (reason.length > 500 || /[\u0000-\u001f]/.test(reason)) {
    throw new ProblemException('invalid-request', 'X-Access-Reason must be one line of at most 500 characters');
  }
  return reason.trim();
});

const HOUR = 60 * 60 * 1000;

/**
 * Every look at a person's data leaves an event in their access stream before the data is returned
 * (if the trace cannot be written, nothing is shown). Support staff must say why. A look for someone
 * the ledger does not know is a miss: recorded without naming anyone, and a principal whose misses
 * pass the limit within an hour is reported, since guessing IINs is how people are found.
 */
@Injectable()
export class AccessLog {
  /** Recent misses per principal (time-ordered), for the guessing limit. */
  private readonly misses = new Map<string, number[]>();

  constructor(
    private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  /** Refuses a support look without a stated reason. */
  requireReason(viewer: Principal, reason: string | undefined): void {
    if (viewer.role === 'support' && !reason) {
      throw new ProblemException(
        'access-reason-required',
        'support staff must state why they look at this person (X-Access-Reason)',
      );
    }
  }

  /** A look at one person's data. */
  async person(
    subjectId: string,
    viewer: Principal,
    reason: string | undefined,
    view: string,
    parameters: Record<string, unknown>,
  ): Promise<void> {
    this.requireReason(viewer, reason);
    await this.record(subjectId, viewer, [accessed(viewer, view, parameters, reason)]);
  }

  /** A read across many people (a log, a report, an export). */
  async bulk(
    viewer: Principal,
    reason: string | undefined,
    view: string,
    parameters: Record<string, unknown>,
    records?: number,
  ): Promise<void> {
    this.requireReason(viewer, reason);
    await this.record(BULK, viewer, [accessed(viewer, view, parameters, reason, records)]);
  }

  /**
   * A look for a person the ledger does not know. Nothing about the person asked for is kept (not
   * even a digest of the IIN: it would name them); the principal and the view are.
   */
  async miss(viewer: Principal, reason: string | undefined, view: string): Promise<void> {
    this.requireReason(viewer, reason);
    const now = this.clock.now();
    const accessor = { sub: viewer.sub, role: viewer.role };
    const events: Decided[] = [{ type: 'LookupMissed', data: { accessor, view } }];
    const count = this.countMiss(`${viewer.sub}|${viewer.role}`, now);
    if (count === this.config.lookupMissLimit) {
      events.push({
        type: 'LookupMissesExceeded',
        data: { accessor, misses: count, windowMinutes: 60, limit: this.config.lookupMissLimit },
      });
    }
    await this.write(LOOKUP_MISSES_STREAM, undefined, viewer, events);
  }

  private record(owner: string, viewer: Principal, events: Decided[]): Promise<void> {
    return this.write(accessStream(owner), owner, viewer, events);
  }

  /** One road to the log: the command executor, without an idempotency claim (every look is new). */
  private async write(stream: string, owner: string | undefined, viewer: Principal, events: Decided[]): Promise<void> {
    const lookId = randomUUID();
    await this.executor.execute({
      meta: {
        commandId: lookId,
        correlationId: lookId,
        actor: { kind: viewer.role === 'lending-core' ? 'client' : 'user', id: viewer.sub, role: viewer.role },
      },
      commandType: events[0].type,
      stream,
      target: stream,
      request: events,
      occurredAt: this.clock.now(),
      model: HEAD_ONLY,
      idempotent: false,
      ...(owner ? { owner: { subjectId: owner } } : {}),
      decide: () => events,
    });
  }

  private countMiss(principal: string, now: Instant): number {
    const since = Date.parse(now) - HOUR;
    const recent = (this.misses.get(principal) ?? []).filter((t) => t > since);
    recent.push(Date.parse(now));
    this.misses.set(principal, recent);
    // Bounded: principals whose misses have all aged out are dropped.
    if (this.misses.size > 10_000) {
      for (const [key, times] of this.misses) if (times[times.length - 1] <= since) this.misses.delete(key);
    }
    return recent.length;
  }
}

function accessed(
  viewer: Principal,
  view: string,
  parameters: Record<string, unknown>,
  reason: string | undefined,
  records?: number,
): PersonalDataAccessed {
  return {
    type: 'PersonalDataAccessed',
    data: {
      accessor: { sub: viewer.sub, role: viewer.role },
      view,
      parameters,
      ...(reason !== undefined ? { reason } : {}),
      ...(records !== undefined ? { records } : {}),
    },
  };
}
