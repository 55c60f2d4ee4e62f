import { applyDecorators, CanActivate, ExecutionContext, Inject, Injectable, Req, UseGuards } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Instant } from '@ledger/consent-domain';
import {
  accessStream,
  BULK,
  drawnCommandId,
  LookupMissed,
  LookupMissesExceeded,
  LOOKUP_MISSES_STREAM,
  PersonalDataAccessed,
} from '@ledger/ledger-log';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { Principal } from '../auth/roles';
import { LedgerConfig } from '../config/ledger-config';
import { Clock, CLOCK } from '../ledger/clock';
import { CommandExecutor, Decided, HEAD_ONLY } from '../ledger/command-executor';
import { LEDGER_CONFIG } from '../ledger/tokens';
import { ProblemException } from '../http/problems';
import { Metrics } from '../metrics/metrics';

export { accessStream, BULK };

/** How the OpenAPI document describes the header, on every route that reads it. */
const ACCESS_REASON_HEADER = {
  name: 'X-Access-Reason',
  required: false,
  description:
    'Why you look at this personal data; recorded in the access log. Required for the support role ' +
    '(else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN.',
  schema: { type: 'string', maxLength: 500 },
} as const;

/**
 * A header sent without percent-encoding reaches us one character per byte (Node reads header bytes
 * as Latin-1): text typed in Russian or Kazakh is UTF-8 bytes, and is read as such rather than
 * recorded as mojibake. Bytes that are not UTF-8 are refused.
 */
function fromRawBytes(raw: string): string {
  // eslint-disable-next-line no-control-regex -- ASCII alone needs no decoding
  if (/^[\u0000-\u007f]*$/.test(raw) || /[^\u0000-\u00ff]/.test(raw)) return raw;
  return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(raw, 'latin1'));
}

/** The stated reason for looking, from `X-Access-Reason` (percent-encode non-ASCII text). */
function accessReasonOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-access-reason'];
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw.trim() === '') return undefined;
  let reason: string;
  try {
    reason = /%[0-9A-Fa-f]{2}/.test(raw) ? decodeURIComponent(raw) : fromRawBytes(raw);
  } catch {
    throw new ProblemException(
      'invalid-request',
      'X-Access-Reason is not valid percent-encoding or UTF-8 (percent-encode non-ASCII text)',
    );
  }
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (reason.length > 500 || /[\u0000-\u001f]/.test(reason)) {
    throw new ProblemException('invalid-request', 'X-Access-Reason must be one line of at most 500 characters');
  }
  return reason.trim();
}

/**
 * A look's parameters without `minPosition`: it says how long to wait, not what was shown, and it is
 * taken as any text a position could be (unchecked against the log, so that a position another
 * instance gave still waits) — twelve digits there would be kept in the log, beyond any erasure.
 */
export function withoutWait(query: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { minPosition: _wait, ...parameters } = query;
  return parameters;
}

/** What one answer showed: one person's data, many people's, or nobody's (a look for someone unknown). */
export type Look =
  | { readonly person: string; readonly parameters: Record<string, unknown> }
  | { readonly bulk: true; readonly parameters: Record<string, unknown>; readonly records?: number }
  | { readonly miss: true }
  /**
   * The answer showed nobody (an empty page of the pull feed): nothing to trace, and a consumer
   * polling an idle feed would otherwise grow the log, and everyone's access report, for good.
   */
  | { readonly none: true };

/** The parts of a request a look is described from (as sent: the path and the query string). */
export interface LookRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
}

interface AccessLogSpec {
  readonly look: (answer: never, request: LookRequest) => Look;
  readonly reply?: (answer: never) => unknown;
}

/**
 * A route that shows personal data: a support caller must state why before it runs, and what it
 * showed is recorded in the access log before the answer leaves (if the trace cannot be written,
 * nothing is shown). `reply` shapes the answer sent when it carries more than the caller may see.
 *
 * The reason is checked by a guard (before the route's pipes, as every guard); the look is
 * recorded by the route method itself, wrapped here, so a refusal to write it goes through the
 * exception filter like any failure of the route. (A Nest interceptor did this before: it cost
 * every look an rxjs pipeline and async-context bindings, about a tenth of a check's CPU.)
 */
export function AccessLogged<A>(
  view: string,
  look: (answer: A, request: LookRequest) => Look,
  reply?: (answer: A) => unknown,
): MethodDecorator {
  return applyDecorators(
    recordsLook(view, look as AccessLogSpec['look'], reply as AccessLogSpec['reply']),
    UseGuards(AccessReason),
    ApiHeader(ACCESS_REASON_HEADER),
  );
}

/** What the guard leaves on the request for the route's wrapper: where to record, and the reason given. */
interface AccessLogged {
  readonly log: AccessLog;
  readonly viewer: Principal;
  readonly reason: string | undefined;
}

type LookedAtRequest = AuthenticatedRequest & { accessLogged?: AccessLogged };

/** Wraps the route method: runs it, records its look, then answers. The request comes as one more argument. */
function recordsLook(view: string, look: AccessLogSpec['look'], reply: AccessLogSpec['reply']): MethodDecorator {
  return (target, key, descriptor: PropertyDescriptor) => {
    const route = descriptor.value as (...args: unknown[]) => unknown;
    const declared =
      (Reflect.getMetadata('design:paramtypes', target, key) as unknown[] | undefined)?.length ?? route.length;
    Req()(target, key, declared);
    const wrapped = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
      const request = args[declared] as LookedAtRequest;
      const logged = request.accessLogged;
      if (!logged) throw new Error(`${String(key)} is access-logged but its guard did not run`);
      const answer = await route.apply(this, args.slice(0, declared));
      await logged.log.record(
        look(answer as never, request as unknown as LookRequest),
        view,
        logged.viewer,
        logged.reason,
      );
      return reply ? reply(answer as never) : answer;
    };
    // The decorators applied before this one left their metadata on the method itself.
    for (const metadataKey of Reflect.getOwnMetadataKeys(route)) {
      Reflect.defineMetadata(metadataKey, Reflect.getOwnMetadata(metadataKey, route), wrapped);
    }
    Object.defineProperty(wrapped, 'name', { value: route.name });
    descriptor.value = wrapped;
    return descriptor;
  };
}

const HOUR = 60 * 60 * 1000;
/** At most this many looks in one append (each event is under 2 KB; the store takes 1 MB). */
const MAX_LOOKS_PER_WRITE = 64;

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
  /** Looks waiting for their stream's turn, by stream and viewer (see `append`). */
  private readonly gathering = new Map<string, { events: Decided[]; written: Promise<void> }>();

  constructor(
    private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly metrics: Metrics,
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

  /**
   * Records a look, once its answer is known. A look for a person the ledger does not know keeps
   * nothing about the person asked for (not even a digest of the IIN: it would name them); the
   * principal and the view are.
   */
  async record(look: Look, view: string, viewer: Principal, reason: string | undefined): Promise<void> {
    if ('miss' in look) {
      this.metrics.lookupMisses.inc({ role: viewer.role });
      return this.write(LOOKUP_MISSES_STREAM, undefined, viewer, 'miss', this.missed(viewer, view));
    }
    if ('none' in look) return;
    const owner = 'bulk' in look ? BULK : look.person;
    const records = 'bulk' in look ? look.records : undefined;
    const scope = 'bulk' in look ? 'bulk' : 'person';
    await this.write(accessStream(owner), owner, viewer, scope, [
      accessed(viewer, view, look.parameters, reason, records),
    ]);
  }

  private missed(viewer: Principal, view: string): Decided[] {
    const now = this.clock.now();
    const accessor = { sub: viewer.sub, role: viewer.role };
    const events: Decided[] = [{ type: 'LookupMissed', data: { accessor, view } } satisfies LookupMissed];
    const count = this.countMiss(`${viewer.sub}|${viewer.role}`, now);
    if (count === this.config.lookupMissLimit) {
      events.push({
        type: 'LookupMissesExceeded',
        data: { accessor, misses: count, windowMinutes: 60, limit: this.config.lookupMissLimit },
      } satisfies LookupMissesExceeded);
    }
    return events;
  }

  /** One road to the log: the command executor, without an idempotency claim (every look is new). */
  private async write(
    stream: string,
    owner: string | undefined,
    viewer: Principal,
    scope: 'person' | 'bulk' | 'miss',
    events: Decided[],
  ): Promise<void> {
    try {
      await this.append(stream, owner, viewer, events);
    } catch (error) {
      this.metrics.accessLogWrites.inc({ scope, outcome: 'failed' });
      throw error;
    }
    this.metrics.accessLogWrites.inc({ scope, outcome: 'written' });
  }

  /**
   * Looks at one stream by one viewer that arrive while that stream's last write is still on its
   * way to disk are gathered and written together, as one append, when the stream's turn comes:
   * the executor runs one stream's commands one after another, so without this a burst of looks at
   * one person (the console's matrix asks a check per cell) or at the misses stream would take one
   * fsync each, in a row. Every look still waits for its own event to be on disk. (A gathered write's
   * occurredAt is its first look's moment; each event's recordedAt is when the write was decided.)
   */
  private append(stream: string, owner: string | undefined, viewer: Principal, events: Decided[]): Promise<void> {
    const key = `${stream}\n${viewer.role}\n${viewer.sub}`;
    const open = this.gathering.get(key);
    if (open && open.events.length + events.length <= MAX_LOOKS_PER_WRITE) {
      open.events.push(...events);
      return open.written;
    }
    const batch: { events: Decided[]; written: Promise<void> } = { events: [...events], written: Promise.resolve() };
    this.gathering.set(key, batch);
    const lookId = drawnCommandId();
    batch.written = this.executor
      .execute({
        meta: {
          commandId: lookId,
          correlationId: lookId,
          drawn: true,
          actor: { kind: viewer.role === 'lending-core' ? 'client' : 'user', id: viewer.sub, role: viewer.role },
        },
        commandType: events[0].type,
        stream,
        target: stream,
        request: batch.events,
        occurredAt: this.clock.now(),
        model: HEAD_ONLY,
        idempotent: false,
        ...(owner ? { owner: { subjectId: owner } } : {}),
        // The stream's turn has come: what gathered so far is written, later looks start a new batch.
        decide: () => {
          if (this.gathering.get(key) === batch) this.gathering.delete(key);
          return batch.events;
        },
      })
      .then(
        () => undefined,
        (error: unknown) => {
          if (this.gathering.get(key) === batch) this.gathering.delete(key);
          throw error;
        },
      );
    return batch.written;
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

/** Refuses a support look without a stated reason, before the route runs; leaves the reason for the record. */
@Injectable()
export class AccessReason implements CanActivate {
  constructor(private readonly access: AccessLog) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<LookedAtRequest>();
    const viewer = request.principal;
    if (!viewer) throw new ProblemException('unauthenticated', 'this route needs an authenticated caller');
    const reason = accessReasonOf(request);
    this.access.requireReason(viewer, reason);
    request.accessLogged = { log: this.access, viewer, reason };
    return true;
  }
}
