import { FastifyInstance } from 'fastify';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { metadataOf } from '@ledger/ledger-log';
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
  return typeof answer === 'object' && answer !== null && (answer as Partial<CommandResponseDto>).replayed === true;
}
