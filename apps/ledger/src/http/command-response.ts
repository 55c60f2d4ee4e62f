import { FastifyInstance } from 'fastify';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Position } from '@ledger/event-store';
import { metadataOf } from '@ledger/ledger-log';
import { ReadModelFeed } from '@ledger/projections';
import { CommandResult } from '../ledger/command-executor';

export class WrittenEventDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() revision!: number;
}

/** What every command answers with: what was written, when, and where to wait for it. */
export class CommandResponseDto {
  @ApiPropertyOptional({ description: 'Pseudonym of the person (HMAC of the IIN); use it in query URLs.' })
  subjectId?: string;
  @ApiProperty({ description: 'When the ledger recorded the events.' })
  recordedAt!: string;
  @ApiProperty({
    description: 'Opaque log position of the last event; pass it as minPosition to a query to read your own write.',
  })
  position!: string;
  @ApiProperty({
    description: 'True when this was a retry of an earlier command with the same key: nothing new was written.',
  })
  replayed!: boolean;
  @ApiProperty({ type: [WrittenEventDto] })
  events!: WrittenEventDto[];
}

export function commandResponse(result: CommandResult & { subjectId?: string }): CommandResponseDto {
  return {
    ...(result.subjectId ? { subjectId: result.subjectId } : {}),
    recordedAt: metadataOf(result.events[0]).recordedAt,
    position: positionOf(result),
    replayed: result.replayed,
    events: result.events.map((e) => ({ eventId: e.id, type: e.type, revision: e.revision })),
  };
}

/** Every command answered with a body wrote (or had written) events, so it has a position. */
function positionOf(result: CommandResult): string {
  if (result.position === undefined) throw new Error('a command answered with a body must have written events');
  return result.position;
}

/**
 * Marks a retried command's answer in a header too, so a client can tell it wrote nothing new
 * without reading the body: once for every command (a refusal's is set by the problem filter). A
 * Fastify hook on the answer about to be serialised, not a Nest interceptor: an interceptor costs
 * every route an rxjs pipeline and async-context bindings per request.
 */
export function markReplays(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (_request, reply, payload, done) => {
    if (isReplayedAnswer(payload)) void reply.header('idempotent-replayed', 'true');
    done(null, payload);
  });
}

function isReplayedAnswer(answer: unknown): answer is CommandResponseDto {
  return isCommandAnswer(answer) && answer.replayed === true;
}

function isCommandAnswer(answer: unknown): answer is CommandResponseDto {
  const a = answer as Partial<CommandResponseDto> | null;
  return typeof a === 'object' && a !== null && typeof a.position === 'string' && Array.isArray(a.events);
}

/** The longest a write's answer waits for this instance's read models to include it. */
export const SETTLE_MS = 1_000;

/**
 * A command's answer goes out once this instance's read models include what it wrote (while they
 * follow the log live; never longer than `timeoutMs`), so that whoever wrote reads it in the next
 * query here, `minPosition` or not — the read models are fed on a thread of their own, a few
 * milliseconds behind the commit. `minPosition` remains the way to read a write on another instance.
 */
export function settleBeforeAnswering(fastify: FastifyInstance, feed: ReadModelFeed, timeoutMs: number): void {
  fastify.addHook('preSerialization', (_request, _reply, payload, done) => {
    if (!isCommandAnswer(payload)) return done(null, payload);
    feed.settle(payload.position as Position, timeoutMs).then(
      () => done(null, payload),
      () => done(null, payload),
    );
  });
}
