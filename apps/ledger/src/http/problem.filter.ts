import { ArgumentsHost, Catch, ExceptionFilter, HttpException, NotFoundException } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { containsIin, DomainError, DomainErrorKind } from '@ledger/consent-domain';
import {
  AppendOutcomeUnknownError,
  AppendTooLargeError,
  PositionNotInLogError,
  sqliteFailureOf,
  StoreFailure,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { IntegrityFailure } from '@ledger/ledger-log';
import { BEARER_CHALLENGE, problemBody, ProblemBody, ProblemException, PROBLEMS } from './problems';
import { IMPORT_MEDIA_TYPE_DETAIL, IMPORT_ROUTE } from '../importing/import-media';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = { invalid: 400, 'not-found': 404, conflict: 409, refused: 422 };

/** How long a client should wait before trying again, by what went wrong (seconds). */
const RETRY_AFTER: Record<StoreFailure, number> = {
  busy: 1,
  'not-ready': 2,
  unreachable: 5,
  io: 10,
  'disk-full': 60,
  damaged: 60,
};

export interface Answer {
  readonly body: ProblemBody;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The one place where failures become HTTP answers: RFC 9457 problem details, never a stack trace. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const path = request.url?.split('?')[0];
    const allowed = exception instanceof NotFoundException ? methodsAllowedOn(request, path) : [];
    const answer: Answer =
      allowed.length > 0
        ? {
            body: problemBody('method-not-allowed', 405, PROBLEMS['method-not-allowed'].title, echoable(path)),
            headers: { allow: allowed.join(', ') },
          }
        : answerFor(exception, echoable(path));
    if (answer.body.status >= 500) logFailure(request, exception, answer.body);
    void reply
      .status(answer.body.status)
      .headers(answer.headers ?? {})
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(answer.body);
  }
}

/**
 * The path as the problem's `instance`, unless it holds an IIN: a caller who put one in a URL (where
 * the ledger never takes one) is refused without having it sent back, as free text is.
 */
function echoable(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Not valid percent-encoding: scanned as it came.
  }
  return containsIin(decoded) || containsIin(path) ? undefined : path;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** For a path no route matched with this method: the methods it does have (RFC 9110: 405 with Allow). */
function methodsAllowedOn(request: FastifyRequest, path: string | undefined): string[] {
  if (request.routeOptions?.url !== undefined || path === undefined) return [];
  const found = METHODS.filter((method) => request.server.findRoute({ method, url: path }) !== null);
  // findRoute reads the path as a route pattern: `/v1/policies/` finds `/v1/policies/:policyId`, whose
  // empty parameter the router never matches. When it finds the very method that was just not routed,
  // or a HEAD without its GET (Fastify exposes HEAD for each GET route), the path has no route: 404.
  if (found.includes(request.method as (typeof METHODS)[number])) return [];
  if (found.includes('HEAD') && !found.includes('GET')) return [];
  return found;
}

export function answerFor(exception: unknown, instance?: string): Answer {
  if (exception instanceof ProblemException) {
    const status = PROBLEMS[exception.code].status;
    return {
      body: problemBody(exception.code, status, exception.detail, instance, {
        errors: exception.errors,
        extensions: exception.extensions,
      }),
      headers: {
        // RFC 9110 §11.6.1, RFC 6750 §3: a 401 names the scheme the ledger accepts.
        ...(status === 401 ? { 'www-authenticate': BEARER_CHALLENGE } : {}),
        // A refusal the ledger recorded (a withdrawal or disclosure refused), answered again for its key.
        ...(exception.extensions.replayed === true ? { 'idempotent-replayed': 'true' } : {}),
        ...exception.headers,
      },
    };
  }
  if (exception instanceof DomainError) {
    return {
      body: problemBody(exception.code, STATUS_OF_KIND[exception.kind], exception.message, instance, {
        errors: exception.details,
      }),
    };
  }
  if (exception instanceof WrongExpectedRevisionError) {
    return { body: problemBody('concurrent-modification', 409, PROBLEMS['concurrent-modification'].title, instance) };
  }
  if (exception instanceof IntegrityFailure) {
    // Say which stream to operators (the log), not to the caller.
    return { body: problemBody('integrity-failure', 503, PROBLEMS['integrity-failure'].title, instance) };
  }
  if (exception instanceof AppendTooLargeError) {
    return { body: problemBody('payload-too-large', 413, exception.message, instance) };
  }
  if (exception instanceof PositionNotInLogError) {
    return {
      body: problemBody('read-models-ahead-of-log', 503, PROBLEMS['read-models-ahead-of-log'].title, instance),
      headers: { 'retry-after': '60' },
    };
  }
  if (exception instanceof AppendOutcomeUnknownError) {
    return {
      body: problemBody('store-outcome-unknown', 503, PROBLEMS['store-outcome-unknown'].title, instance),
      headers: { 'retry-after': '1' },
    };
  }
  const failure = exception instanceof StoreUnavailableError ? exception.failure : sqliteFailureOf(exception);
  if (failure) {
    return {
      body: problemBody('store-unavailable', 503, `${PROBLEMS['store-unavailable'].title} (${failure})`, instance, {
        extensions: { failure },
      }),
      headers: { 'retry-after': String(RETRY_AFTER[failure]) },
    };
  }
  const fastifyCode = (exception as { code?: unknown })?.code;
  if (typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_')) {
    return { body: fromFastify(fastifyCode, exception as { statusCode?: number }, instance) };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = HTTP_CODES[status] ?? (status < 500 ? 'invalid-request' : 'internal-error');
    if (code === 'unsupported-media-type')
      return { body: problemBody(code, status, mediaTypeDetail(instance), instance) };
    return { body: problemBody(code, status, status < 500 ? PROBLEMS[code].title : undefined, instance) };
  }
  return { body: problemBody('internal-error', 500, undefined, instance) };
}

/** Every route reads JSON but the import, whose caller was told to send JSON too. */
function mediaTypeDetail(instance: string | undefined): string {
  return instance === IMPORT_ROUTE ? IMPORT_MEDIA_TYPE_DETAIL : 'send application/json';
}

const HTTP_CODES: Record<number, keyof typeof PROBLEMS> = {
  404: 'route-not-found',
  405: 'method-not-allowed',
  408: 'request-timeout',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'too-many-requests',
  431: 'headers-too-large',
};

function fromFastify(code: string, error: { statusCode?: number }, instance?: string): ProblemBody {
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problemBody('malformed-json', 400, PROBLEMS['malformed-json'].title, instance);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemBody('payload-too-large', 413, PROBLEMS['payload-too-large'].title, instance);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problemBody('unsupported-media-type', 415, mediaTypeDetail(instance), instance);
    default: {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      return problemBody('invalid-request', status, PROBLEMS['invalid-request'].title, instance);
    }
  }
}

/** Says what happened, without personal data: the store failure by kind, anything else with its stack. */
function logFailure(request: FastifyRequest, exception: unknown, body: ProblemBody): void {
  const route = request.routeOptions?.url ?? 'unmatched';
  // A refusal while draining is no failure: the request's own log line says 503.
  if (body.code === 'shutting-down') return;
  if (exception instanceof IntegrityFailure) {
    request.log.error(
      { route, problem: body.code, stream: exception.stream, revision: exception.revision, reason: exception.reason },
      `integrity failure: ${exception.message}`,
    );
    return;
  }
  if (body.code === 'store-unavailable' || body.code === 'store-outcome-unknown') {
    request.log.error(
      { err: exception, route, problem: body.code, failure: body.failure },
      `${body.code}${body.failure ? ` (${String(body.failure)})` : ''}: ${exception instanceof Error ? exception.message : String(exception)}`,
    );
    return;
  }
  request.log.error({ err: exception, route, problem: body.code }, 'request failed');
}
