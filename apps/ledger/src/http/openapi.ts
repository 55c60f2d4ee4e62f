import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiExtraModels, ApiHeader, ApiResponse, getSchemaPath, OpenAPIObject } from '@nestjs/swagger';
import { OPEN_ROUTE_EXTENSION } from '../auth/roles';
import { PROBLEMS } from './problems';
import { KEY_PATTERN } from './validation';

/**
 * What an idempotency key may be, in words and as the document's schema: the words said any of the
 * characters might come first, and `-retry-1` or `_a` was refused with a pattern the document never gave.
 */
export const KEY_RULE = '1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit';
export const KEY_SCHEMA = { type: 'string' as const, pattern: KEY_PATTERN.source, minLength: 1, maxLength: 128 };
/** A body's `commandId`, the same key sent the other way. */
export const COMMAND_ID_PROPERTY = {
  description: 'Idempotency key, if not sent as the Idempotency-Key header.',
  ...KEY_SCHEMA,
} as const;

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …)',
  404: 'Unknown person, consent, loan or policy version (problem+json)',
  409: 'Conflict: already recorded, or idempotency key reused with another body (problem+json)',
  422: 'Refused by a rule, with the reason (problem+json)',
  401: 'No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer)',
  403: 'The token holds none of the roles this route allows (problem+json, code forbidden)',
  429: 'Past a rate limit (problem+json, code too-many-requests; Retry-After)',
  413: 'The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large)',
  415: 'The body is not of a media type this route reads (problem+json, code unsupported-media-type)',
  503: 'The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json)',
};

/** Every code the ledger answers with, so that the document lists them as GET /problems does. */
export const PROBLEM_CODE_SCHEMA = {
  type: 'string' as const,
  enum: Object.keys(PROBLEMS),
  description: 'Stable machine-readable code; GET /problems/{code} (the `type`) says what it means',
};

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', example: '/problems/unknown-code' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: PROBLEM_CODE_SCHEMA,
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/**
 * Documents the problem+json answers a route can give: a status alone, described as most routes give it,
 * or with what this route means by it (a 404 of a feed is a position, not a person).
 */
export function ApiProblems(...statuses: (number | readonly [number, string])[]) {
  return applyDecorators(
    ...statuses.map((entry) => {
      const [status, description] = typeof entry === 'number' ? [entry, DESCRIPTIONS[entry] ?? 'Problem'] : entry;
      return ApiResponse({
        status,
        description,
        content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
      });
    }),
  );
}

/** A 404 for a position the log does not hold: a store restored or wiped since it was issued. */
export const POSITION_NOT_IN_LOG = 'one past the end of the log (code position-not-in-log)';

const REPLAYED_HEADER = {
  description: '`true` when this is the first answer again, for a retry with the same Idempotency-Key',
  schema: { type: 'string', enum: ['true'] },
};

/**
 * A 422 that may be a refusal the ledger recorded (a withdrawal or disclosure refused): the problem
 * with what was written beside it, answered again, marked as a replay, for a retry with the same key.
 */
export function ApiRecordedRefusal(type: new () => object, description: string) {
  return applyDecorators(
    ApiExtraModels(type),
    ApiResponse({
      status: 422,
      description,
      content: { 'application/problem+json': { schema: { $ref: getSchemaPath(type) } } },
      headers: { 'idempotent-replayed': REPLAYED_HEADER },
    }),
  );
}

const REPLAYS_EXTENSION = 'x-ledger-replays';

/**
 * A command: the Idempotency-Key header (or `commandId` in the body) is required, and a retry with
 * the same key is answered with the first answer and `idempotent-replayed: true`.
 */
export function ApiIdempotencyKey() {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Or send commandId in the body. Required one way or the other (else 400 idempotency-key-required); ' +
        `${KEY_RULE}. The same key with the same body answers the first answer again.`,
      schema: KEY_SCHEMA,
    }),
    ApiExtension(REPLAYS_EXTENSION, true),
  );
}

const FREE_TEXT_REFUSED =
  'A header (X-Correlation-Id, X-Access-Reason) or query parameter holding an IIN (problem+json, code iin-in-free-text)';

/** What every route behind a token may answer, whatever it does: refused tokens and roles, budgets, an unreachable provider. */
const GUARDED = [401, 403, 429, 503];

/** The headers the guard's answers carry (RFC 6750 §3; RFC 9110 §10.2.3), so a client knows to read them. */
const GUARD_HEADERS: Record<number, Record<string, { description: string; schema: { type: string } }>> = {
  401: {
    'WWW-Authenticate': {
      description: 'Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused',
      schema: { type: 'string' },
    },
  },
  429: {
    'Retry-After': { description: 'Seconds until the budget allows another request', schema: { type: 'integer' } },
  },
  503: {
    'Retry-After': {
      description: 'Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down)',
      schema: { type: 'integer' },
    },
  },
};

/**
 * What a POST's body may bring about before the route sees it: JSON that does not parse (400
 * malformed-json, a member given twice…) and a body past the limit (413) — on every POST, since a
 * body may be sent to one that needs none; a streamed upload (an import) has no limit.
 */
function bodyAnswers(operation: { requestBody?: unknown }): number[] {
  const media = Object.keys((operation.requestBody as { content?: object } | undefined)?.content ?? {});
  const streamed = media.length > 0 && !media.includes('application/json');
  return streamed ? [400] : [400, 413];
}

/**
 * Says who needs a token: the open routes (`@PublicRoute`) get `security: []`, and every other route
 * declares the answers its guard can give, so a client finds each status it may meet in the document.
 */
export function declareAccess(document: OpenAPIObject): OpenAPIObject {
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA },
  };
  for (const operations of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const) {
      const operation = operations[method] as (typeof operations)['get'] & Record<string, unknown>;
      if (!operation) continue;
      // Every route reads its headers and query for an IIN in free text before anything else (400
      // iin-in-free-text), whether or not it takes a token.
      const refused = (operation.responses['400'] ??= { description: FREE_TEXT_REFUSED });
      if (!('$ref' in refused)) refused.content = { ...refused.content, ...problem };
      if (operation[OPEN_ROUTE_EXTENSION]) {
        delete operation[OPEN_ROUTE_EXTENSION];
        operation.security = [];
        continue;
      }
      if (operation[REPLAYS_EXTENSION]) {
        delete operation[REPLAYS_EXTENSION];
        for (const [status, answer] of Object.entries(operation.responses)) {
          if (!answer || !/^2/.test(status) || '$ref' in answer) continue;
          answer.headers = {
            ...answer.headers,
            'idempotent-replayed': REPLAYED_HEADER,
          };
        }
      }
      for (const status of method === 'post' ? [...GUARDED, ...bodyAnswers(operation), 415] : GUARDED) {
        const declared = (operation.responses[String(status)] ??= { description: DESCRIPTIONS[status] });
        // A route's own answer for the status (e.g. readiness's 503 body) stays beside the problem.
        if ('$ref' in declared) continue;
        declared.content = { ...declared.content, ...problem };
        if (GUARD_HEADERS[status]) declared.headers = { ...declared.headers, ...GUARD_HEADERS[status] };
      }
    }
  }
  return document;
}
