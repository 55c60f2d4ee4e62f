import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { CommandMeta } from '../ledger/command-executor';
import { ProblemException } from './problems';
import { KEY_RULE } from './openapi';
import { KEY_PATTERN } from './validation';

/**
 * The command's idempotency key (the `Idempotency-Key` header or the body's `commandId`), its
 * correlation id and the actor. Commands without a key are refused: without one a retry could
 * write twice.
 */
export const CommandContext = createParamDecorator((_: unknown, context: ExecutionContext): CommandMeta => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const header = single(request.headers['idempotency-key']);
  const body = (request.body ?? {}) as { commandId?: unknown };
  // A commandId sent as a number or null is a key given wrongly, not one never sent: it was answered
  // idempotency-key-required, and one not matching the rule was named as the header the caller never sent.
  if (body.commandId !== undefined && (typeof body.commandId !== 'string' || !KEY_PATTERN.test(body.commandId))) {
    throw invalidKey('commandId');
  }
  const fromBody = body.commandId;
  if (header !== undefined && fromBody !== undefined && header !== fromBody) {
    throw new ProblemException('idempotency-key-mismatch', 'the Idempotency-Key header and commandId differ');
  }
  const commandId = header ?? fromBody;
  if (commandId === undefined) {
    throw new ProblemException('idempotency-key-required', 'send an Idempotency-Key header or a commandId');
  }
  if (!KEY_PATTERN.test(commandId)) throw invalidKey('Idempotency-Key');
  const correlation = single(request.headers['x-correlation-id']);
  return {
    commandId,
    correlationId: correlation !== undefined && KEY_PATTERN.test(correlation) ? correlation : commandId,
    actor: actorOf(request),
  };
});

const invalidKey = (field: 'Idempotency-Key' | 'commandId') =>
  new ProblemException('invalid-request', `the idempotency key must be ${KEY_RULE}`, {}, [
    { field, code: 'invalid-key', message: 'must match ' + KEY_PATTERN.source },
  ]);

/** The verified caller: a system such as the lending core, or a person at the lender. */
function actorOf(request: AuthenticatedRequest): CommandMeta['actor'] {
  const principal = request.principal;
  if (!principal) throw new ProblemException('unauthenticated', 'this command needs an authenticated caller');
  return { kind: principal.role === 'lending-core' ? 'client' : 'user', id: principal.sub, role: principal.role };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
