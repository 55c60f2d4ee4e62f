import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, DomainErrorKind } from '@ledger/consent-domain';
import { WrongExpectedRevisionError } from '@ledger/event-store';
import { problemBody, ProblemBody, ProblemException, PROBLEMS } from './problems';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = { invalid: 400, 'not-found': 404, conflict: 409, refused: 422 };

/** The one place where failures become HTTP answers: RFC 9457 problem details, never a stack trace. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = toProblem(exception, request.url?.split('?')[0]);
    if (body.status >= 500) this.logger.error(describe(exception));
    void reply.status(body.status).header('content-type', 'application/problem+json; charset=utf-8').send(body);
  }
}

export function toProblem(exception: unknown, instance?: string): ProblemBody {
  if (exception instanceof ProblemException) {
    return problemBody(exception.code, PROBLEMS[exception.code].status, exception.detail, instance, {
      errors: exception.errors,
      extensions: exception.extensions,
    });
  }
  if (exception instanceof DomainError) {
    return problemBody(exception.code, STATUS_OF_KIND[exception.kind], exception.message, instance, {
      errors: exception.details,
    });
  }
  if (exception instanceof WrongExpectedRevisionError) {
    return problemBody('concurrent-modification', 409, PROBLEMS['concurrent-modification'].title, instance);
  }
  const fastifyCode = (exception as { code?: unknown })?.code;
  if (typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_')) {
    return fromFastify(fastifyCode, exception as { statusCode?: number }, instance);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code =
      status === 404
        ? 'route-not-found'
        : status === 413
          ? 'payload-too-large'
          : status === 415
            ? 'unsupported-media-type'
            : status === 429
              ? 'too-many-requests'
              : status === 405
                ? 'method-not-allowed'
                : status < 500
                  ? 'invalid-request'
                  : 'internal-error';
    return problemBody(code, status, status < 500 ? PROBLEMS[code].title : undefined, instance);
  }
  return problemBody('internal-error', 500, undefined, instance);
}

function fromFastify(code: string, error: { statusCode?: number }, instance?: string): ProblemBody {
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problemBody('malformed-json', 400, PROBLEMS['malformed-json'].title, instance);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemBody('payload-too-large', 413, PROBLEMS['payload-too-large'].title, instance);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problemBody('unsupported-media-type', 415, PROBLEMS['unsupported-media-type'].title, instance);
    default: {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      return problemBody('invalid-request', status, PROBLEMS['invalid-request'].title, instance);
    }
  }
}

function describe(exception: unknown): string {
  return exception instanceof Error
    ? `${exception.name}: ${exception.message}\n${exception.stack ?? ''}`
    : String(exception);
}
