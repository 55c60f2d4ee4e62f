import { randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { EventStore, streamName, WrongExpectedRevisionError } from '@ledger/event-store';
import { chainEvents, headHash, toAppend } from '@ledger/ledger-log';
import { KeyStore, seal, Sealed } from '@ledger/personal-data';
import { Principal } from '../auth/roles';
import { Clock, CLOCK } from '../ledger/clock';
import { KeyedQueue } from '../ledger/keyed-queue';
import { EVENT_STORE, KEY_STORE } from '../ledger/tokens';
import { ProblemException } from '../http/problems';

export const ACCESS = 'access';
export const BULK = 'bulk';
export const accessStream = (subjectId: string) => streamName(ACCESS, subjectId);
const MAX_CACHED_HEADS = 10_000;

/** What a look at personal data recorded: who, under which role, why, when, and what was shown. */
export interface PersonalDataAccessed {
  readonly type: 'PersonalDataAccessed';
  readonly data: {
    readonly accessor: { readonly sub: string; readonly role: string };
    /** Which view of the data was shown. */
    readonly view: string;
    readonly parameters: Readonly<Record<string, unknown>>;
    /** The stated reason, sealed with the person's own key: it may name them. */
    readonly reason?: Sealed;
    /** Set when a reason was given but could not be kept (the person had been erased). */
    readonly reasonWithheld?: true;
    /** For a read across many people: how many records it showed. */
    readonly records?: number;
  };
}

interface Look {
  readonly viewer: Principal;
  readonly reason: string | undefined;
  readonly view: string;
  readonly parameters: Record<string, unknown>;
  readonly records?: number;
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
  if (reason.length > 500 || /[\u0000-\u001f]/.test(reason)) {
    throw new ProblemException('invalid-request', 'X-Access-Reason must be one line of at most 500 characters');
  }
  return reason.trim();
});

/**
 * Every look at a person's data leaves an event in their access stream before the data is returned
 * (if the trace cannot be written, nothing is shown). Support staff must say why.
 */
@Injectable()
export class AccessLog {
  private readonly heads = new Map<string, { revision: number; hash: string }>();
  private readonly queue = new KeyedQueue();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(CLOCK) private readonly clock: Clock,
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
    await this.record(subjectId, { viewer, reason, view, parameters });
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
    await this.record(BULK, { viewer, reason, view, parameters, records });
  }

  private record(owner: string, look: Look): Promise<void> {
    const stream = accessStream(owner);
    return this.queue.run(stream, () => this.append(stream, owner, look));
  }

  private async append(stream: string, keyOwner: string, look: Look): Promise<void> {
    const { viewer, reason, view, parameters, records } = look;
    const now = this.clock.now();
    const sealedReason = reason === undefined ? undefined : await this.sealReason(keyOwner, stream, reason);
    const event: PersonalDataAccessed = {
      type: 'PersonalDataAccessed',
      data: {
        accessor: { sub: viewer.sub, role: viewer.role },
        view,
        parameters,
        ...(sealedReason === 'withheld' ? { reasonWithheld: true } : sealedReason ? { reason: sealedReason } : {}),
        ...(records !== undefined ? { records } : {}),
      },
    };
    const accessId = randomUUID();
    for (let attempt = 0; ; attempt++) {
      const head = this.heads.get(stream) ?? (await this.readHead(stream));
      const [toWrite] = toAppend([event], {
        commandId: accessId,
        correlationId: accessId,
        actor: { kind: viewer.role === 'lending-core' ? 'client' : 'user', id: viewer.sub, role: viewer.role },
        occurredAt: now,
        recordedAt: now,
      });
      const chained = chainEvents(stream, head.revision + 1, head.hash, [{ ...toWrite, id: accessId }]);
      try {
        await this.store.append(stream, chained, head.revision < 0 ? 'no-stream' : head.revision);
        this.remember(stream, { revision: head.revision + 1, hash: chained[0].metadata.hash as string });
        return;
      } catch (error) {
        this.heads.delete(stream);
        if (!(error instanceof WrongExpectedRevisionError) || attempt > 20) throw error;
      }
    }
  }

  /** Keeps the heads of the most recently used streams only: one entry per person would grow forever. */
  private remember(stream: string, head: { revision: number; hash: string }): void {
    this.heads.delete(stream);
    this.heads.set(stream, head);
    if (this.heads.size > MAX_CACHED_HEADS) this.heads.delete(this.heads.keys().next().value as string);
  }

  private async sealReason(owner: string, stream: string, reason: string): Promise<Sealed | 'withheld'> {
    const key = await this.keys.find(owner);
    if (key === 'destroyed') return 'withheld';
    return seal({ reason }, key ?? (await this.keys.dataKeyFor(owner)), stream);
  }

  private async readHead(stream: string): Promise<{ revision: number; hash: string }> {
    const events = await this.store.readStream(stream);
    const last = events[events.length - 1];
    return { revision: last ? last.revision : -1, hash: headHash(last) };
  }
}
