import { createHash } from 'node:crypto';
import { FastifyRateLimitStore, RateLimitPluginOptions } from '@fastify/rate-limit';
import { FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
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
  'POST /v1/subject-reports',
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
 * balancer share Redis (`sharedCounters`), so that a caller's budget is one budget whichever
 * instance answers.
 */
export type RateLimitStore = Pick<RateLimitPluginOptions, 'redis' | 'store' | 'nameSpace'>;

/** Counter keys in Redis: `ledger-rate-limit:<budget>:<hashed principal or address>`. */
export const REDIS_NAMESPACE = 'ledger-rate-limit:';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;
type Counting = FastifyRateLimitStore & {
  incr(key: string, callback: IncrCallback, timeWindow: number, max: number): void;
};

/**
 * @fastify/rate-limit's own Redis store (its script counts and expires a key in one step). While
 * Redis does not answer, each instance counts in its own memory with the plugin's local store: the
 * budget then holds per instance (never unlimited), the ledger keeps recording, and readiness says
 * the counters are unreachable. `onUnreachable` hears of each request counted locally.
 */
export function sharedCounters(redis: Redis, onUnreachable: (error: Error) => void = () => undefined): RateLimitStore {
  // The plugin ships its stores as files of their own, without declared exports.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const RedisStore = require('@fastify/rate-limit/store/RedisStore') as new (
    continueExceeding: boolean,
    exponentialBackoff: boolean,
    redis: Redis,
    key: string,
  ) => Counting;
  const LocalStore = require('@fastify/rate-limit/store/LocalStore') as new (
    continueExceeding: boolean,
    exponentialBackoff: boolean,
  ) => Counting;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const withFallback = (shared: Counting, local: Counting): FastifyRateLimitStore => ({
    incr: ((key: string, callback: IncrCallback, timeWindow: number, max: number) =>
      shared.incr(
        key,
        (error, result) => {
          if (!error) return callback(null, result);
          onUnreachable(error);
          local.incr(key, callback, timeWindow, max);
        },
        timeWindow,
        max,
      )) as FastifyRateLimitStore['incr'],
    child: (routeOptions) =>
      withFallback(shared.child(routeOptions) as Counting, local.child(routeOptions) as Counting),
  });
  function Counters(options: { continueExceeding?: boolean; exponentialBackoff?: boolean }): FastifyRateLimitStore {
    const [continueExceeding, backoff] = [options.continueExceeding ?? false, options.exponentialBackoff ?? false];
    return withFallback(
      new RedisStore(continueExceeding, backoff, redis, REDIS_NAMESPACE),
      new LocalStore(continueExceeding, backoff),
    );
  }
  return { store: Counters as unknown as NonNullable<RateLimitPluginOptions['store']> };
}

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
