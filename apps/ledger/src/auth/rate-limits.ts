import { createHash } from 'node:crypto';
import { RateLimitPluginOptions } from '@fastify/rate-limit';
import { FastifyRequest } from 'fastify';
import { ProblemException } from '../http/problems';
import { IdentifiedRequest } from './authenticate';

/**
 * Routes that take an IIN in their body: each answer can tell whether the ledger knows a person,
 * so they get a tighter budget than the rest (a birth date leaves about 9,000 valid IINs to try).
 * Route patterns as Fastify writes them; the rate-limit test checks this list against every
 * operation whose body has an `iin`.
 */
export const IIN_ROUTES: ReadonlySet<string> = new Set([
  'POST /v1/subjects/resolve',
  'POST /v1/consent-checks',
  'POST /v1/consents',
  'POST /v1/withdrawals',
  'POST /v1/policy-acceptances',
  'POST /v1/loans/signed',
  'POST /v1/loans/fulfilled',
  'POST /v1/purposes-achieved',
  'POST /v1/disclosures',
  'POST /v1/erasures',
  'POST /v1/withdrawals/:withdrawalId/processing-stopped',
  'POST /v1/disclosures/:disclosureId/subject-notified',
]);

/** Probes an orchestrator calls every few seconds from one address: never limited. */
const UNLIMITED: ReadonlySet<string> = new Set(['GET /health/live', 'GET /health/probe']);

export type Budget = 'principal' | 'iin' | 'anonymous';

export interface RateBudgets {
  readonly rateLimitPerMinute: number;
  readonly rateLimitIinPerMinute: number;
  readonly rateLimitAnonymousPerMinute: number;
}

/**
 * Where the counters live. In memory by default (one instance); several instances behind a load
 * balancer share one store, e.g. `{ redis: new Redis(url) }` — @fastify/rate-limit's own Redis
 * store — so that a caller's budget is one budget whichever instance answers.
 */
export type RateLimitStore = Pick<RateLimitPluginOptions, 'redis' | 'store' | 'nameSpace'>;

/**
 * The budgets: per verified principal (issuer + subject), tighter on the routes that take an IIN,
 * and per client address for requests without a valid token. Runs after `authenticate`, so a
 * caller cannot get a fresh budget by spelling its token differently.
 */
export function rateLimitOptions(
  budgets: RateBudgets,
  onRefused: (budget: Budget) => void,
  store: RateLimitStore = {},
): RateLimitPluginOptions {
  const max: Record<Budget, number> = {
    principal: budgets.rateLimitPerMinute,
    iin: budgets.rateLimitIinPerMinute,
    anonymous: budgets.rateLimitAnonymousPerMinute,
  };
  return {
    ...store,
    timeWindow: 60_000,
    keyGenerator: budgetKey,
    max: (_request, key) => max[budgetOf(key)],
    allowList: (request: FastifyRequest) => UNLIMITED.has(routeOf(request)),
    onExceeded: (_request, key) => onRefused(budgetOf(key)),
    errorResponseBuilder: (request, context) =>
      new ProblemException(
        'too-many-requests',
        `more than ${context.max} requests a minute${IIN_ROUTES.has(routeOf(request)) ? ' to routes that take an IIN' : ''}; retry after ${context.after}`,
      ),
  };
}

/** `budget:who`, the principal hashed: stored counters (in Redis, say) name no one. */
function budgetKey(request: IdentifiedRequest): string {
  const identity = request.identity;
  if (identity?.kind !== 'verified') return `anonymous:${request.ip}`;
  const who = createHash('sha256')
    .update(`${identity.token.issuer}\n${identity.token.sub}`)
    .digest('base64url')
    .slice(0, 22);
  return `${IIN_ROUTES.has(routeOf(request)) ? 'iin' : 'principal'}:${who}`;
}

function budgetOf(key: string): Budget {
  return key.slice(0, key.indexOf(':')) as Budget;
}

function routeOf(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions?.url ?? ''}`;
}
