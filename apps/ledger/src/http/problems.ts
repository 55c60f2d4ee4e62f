import { ErrorDetail } from '@ledger/consent-domain';

/**
 * Every problem the API can answer with, by stable code. Clients branch on `code`; `type` points
 * at `/problems/{code}`, which serves this entry.
 */
export const PROBLEMS = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  'iin-in-free-text': { status: 400, title: 'An IIN may travel only in the iin field, never in free text or a key' },
  'malformed-json': { status: 400, title: 'The body is not valid JSON' },
  'unknown-code': { status: 400, title: 'A code is not in the catalogue' },
  'occurred-in-future': { status: 400, title: 'occurredAt lies in the future' },
  'term-ends-before-grant': { status: 400, title: 'The term ends before the consent is given' },
  'empty-scope': { status: 400, title: 'The scope names nothing to withdraw' },
  'purpose-not-in-consent': { status: 400, title: 'The purpose is not part of that consent' },
  'idempotency-key-required': { status: 400, title: 'An idempotency key is required' },
  'idempotency-key-mismatch': { status: 400, title: 'Header and body carry different idempotency keys' },
  'known-at-in-future': { status: 400, title: 'knownAt lies in the future' },
  'invalid-instant': { status: 400, title: 'Not an instant the ledger can read' },
  'invalid-local-date': { status: 400, title: 'Not a local date (YYYY-MM-DD)' },
  'invalid-calendar': { status: 400, title: 'The working-day calendar is not valid' },
  'invalid-working-days': { status: 400, title: 'A number of working days must be a whole number of at least 1' },
  'invalid-weekend': { status: 400, title: 'The weekend days are not valid' },
  'invalid-bin': { status: 400, title: 'The operator BIN must be 12 digits' },
  'legal-reference-required': { status: 400, title: 'Name the court decision or finding behind the erasure' },
  'invalid-retention-rules': { status: 400, title: 'The retention rules are not valid' },
  'receipt-before-fact': { status: 400, title: 'A receipt cannot be issued before the facts it describes' },
  'receipt-policy-mismatch': { status: 400, title: 'The policy version does not match the consent' },
  unauthenticated: { status: 401, title: 'A valid bearer token is required' },
  forbidden: { status: 403, title: 'Your role may not do this' },
  'csrf-token-invalid': { status: 403, title: 'The console session’s CSRF token is missing or wrong' },
  'local-sign-in-off': { status: 403, title: 'The development sign-in is off (always in production)' },
  'sign-in-failed': { status: 401, title: 'The sign-in with the identity provider did not complete' },
  'console-not-built': { status: 404, title: 'The console’s pages are not built (npm run build)' },
  'access-reason-required': { status: 400, title: 'State why you look at this person’s data (X-Access-Reason)' },
  'unknown-subject': { status: 404, title: 'The ledger holds nothing about this person' },
  'unknown-consent': { status: 404, title: 'No such consent for this person' },
  'unknown-loan': { status: 404, title: 'No such loan for this person' },
  'unknown-policy': { status: 404, title: 'No such policy' },
  'unknown-policy-version': { status: 404, title: 'No such policy version' },
  'nothing-to-withdraw': { status: 404, title: 'No consent falls within the scope of the withdrawal' },
  'unknown-withdrawal': { status: 404, title: 'No such withdrawal for this person' },
  'unknown-notice': { status: 404, title: 'No disclosure of this person called for notice' },
  'position-not-in-log': { status: 404, title: 'No such position in this ledger’s log' },
  'unknown-webhook-subscriber': { status: 404, title: 'No such webhook subscriber' },
  'route-not-found': { status: 404, title: 'No such route' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'request-timeout': { status: 408, title: 'The request did not arrive in time' },
  'idempotency-key-reused': { status: 409, title: 'The idempotency key was used for a different request' },
  'consent-exists': { status: 409, title: 'The consent is already recorded' },
  'policy-version-exists': { status: 409, title: 'The policy version is already published' },
  'subject-already-erased': { status: 409, title: 'This person was already erased' },
  'webhook-subscriber-exists': { status: 409, title: 'A subscriber was already configured under this key' },
  'concurrent-modification': { status: 409, title: 'Too many concurrent changes; retry with the same key' },
  'payload-too-large': { status: 413, title: 'The body is too large' },
  'uri-too-long': { status: 414, title: 'A part of the URL is too long' },
  'unsupported-media-type': { status: 415, title: 'The body is not of a media type this route reads' },
  'notification-mismatch': { status: 422, title: 'That notification is not the one of this withdrawal' },
  'withdrawal-refused': { status: 422, title: 'The withdrawal was refused, and the refusal recorded' },
  'disclosure-refused': { status: 422, title: 'The disclosure was refused, and the refused attempt recorded' },
  'occurred-too-long-ago': { status: 422, title: 'occurredAt is older than the late-entry window' },
  'policy-text-missing': { status: 422, title: 'The policy version has no text in that language' },
  'policy-not-yet-published': { status: 422, title: 'The policy version was not yet published at that moment' },
  'policy-effective-before-current': { status: 422, title: 'A new version cannot take effect before the one in force' },
  'policy-effective-before-publication': { status: 422, title: 'A version cannot take effect before it is published' },
  'withdrawal-before-grant': { status: 422, title: 'The withdrawal is dated before the consent' },
  'fulfilled-before-signed': { status: 422, title: 'The loan is fulfilled before it was signed' },
  'achieved-before-grant': { status: 422, title: 'The purposes are achieved before the consent was given' },
  'subject-erased': { status: 422, title: 'This person was erased; the ledger records nothing more about them' },
  'retention-not-over': { status: 422, title: 'The law still requires keeping this person’s data' },
  'stopped-before-withdrawal': { status: 422, title: 'Processing stopped before the withdrawal happened' },
  'notified-before-disclosure': { status: 422, title: 'The notice is dated before the disclosure' },
  'erasure-before-last-fact': { status: 422, title: 'The erasure is dated before a fact already recorded' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'headers-too-large': { status: 431, title: 'The request headers are too large' },
  'internal-error': { status: 500, title: 'The ledger could not complete the request' },
  'store-unavailable': { status: 503, title: 'A store is unavailable; nothing was written, retry later' },
  'integrity-failure': {
    status: 503,
    title: 'The stored history does not verify; nothing was decided or written',
  },
  'read-models-ahead-of-log': {
    status: 503,
    title: 'The read models are ahead of the event store (restored or wiped): they must be rebuilt',
  },
  'identity-provider-unavailable': {
    status: 503,
    title: 'The identity provider’s keys cannot be fetched; tokens cannot be checked, retry later',
  },
  'shutting-down': {
    status: 503,
    title: 'This instance is shutting down; nothing was written, retry with the same Idempotency-Key',
  },
  'store-outcome-unknown': {
    status: 503,
    title: 'The outcome is unknown: the write may still land; retry with the same Idempotency-Key',
  },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly ErrorDetail[];
  readonly [extension: string]: unknown;
}

/** An answer the API gives on purpose, as RFC 9457 problem details. */
/** The challenge of every 401; a token that was sent and refused adds `error="invalid_token"`. */
export const BEARER_CHALLENGE = 'Bearer realm="consent-ledger"';

export class ProblemException extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly errors?: readonly ErrorDetail[],
    /** Headers the answer carries besides the problem (a 401's WWW-Authenticate). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail ?? PROBLEMS[code].title);
    this.name = 'ProblemException';
  }
}

export function problemBody(
  code: string,
  status: number,
  detail: string | undefined,
  instance: string | undefined,
  extra: { errors?: readonly ErrorDetail[]; extensions?: Record<string, unknown> } = {},
): ProblemBody {
  const known = (PROBLEMS as Record<string, { status: number; title: string }>)[code];
  return {
    type: `/problems/${code}`,
    title: known?.title ?? 'Error',
    status,
    code,
    ...(detail ? { detail } : {}),
    ...(instance ? { instance } : {}),
    ...(extra.errors && extra.errors.length > 0 ? { errors: extra.errors } : {}),
    ...extra.extensions,
  };
}
