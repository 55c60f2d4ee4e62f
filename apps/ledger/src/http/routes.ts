import { applyDecorators, HttpCode, Post } from '@nestjs/common';
import { Command } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiOperationOptions } from '@nestjs/swagger';
import { Allow, Role } from '../auth/roles';
import { CommandMeta } from '../ledger/command-executor';
import { CommandResponseDto } from './command-response';
import { ApiIdempotencyKey, ApiProblems } from './openapi';

/**
 * Method decorators applied exactly as if written one above the other in this order: TypeScript
 * applies a written stack bottom-up, applyDecorators its list top-down.
 */
export function methodStack(...decorators: MethodDecorator[]): MethodDecorator {
  return applyDecorators(...[...decorators].reverse());
}

/**
 * A route that records: who may call it, POST answered 201 with what was recorded (the command
 * answer unless said), the problems it may give, and its Idempotency-Key.
 */
export function RecordingRoute(route: {
  readonly by: Role;
  readonly path?: string;
  readonly operation: ApiOperationOptions;
  readonly created?: Parameters<typeof ApiCreatedResponse>[0];
  readonly problems: readonly number[];
}): MethodDecorator {
  return methodStack(
    Allow(route.by),
    Post(route.path),
    HttpCode(201),
    ApiOperation(route.operation),
    ApiCreatedResponse(route.created ?? { type: CommandResponseDto }),
    ApiProblems(...route.problems),
    ApiIdempotencyKey(),
  );
}

/** A command as a route sends it: the request body and the request's metadata. */
export class RequestCommand<Dto, Answer> extends Command<Answer> {
  constructor(
    readonly dto: Dto,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
