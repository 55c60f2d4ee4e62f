import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Metrics } from './metrics';

/**
 * The command each command route carries, by its route pattern. The route × command test checks
 * this against every operation the OpenAPI document tags `commands`.
 */
export const COMMAND_ROUTES: Readonly<Record<string, string>> = {
  'POST /v1/consents': 'grant-consent',
  'POST /v1/withdrawals': 'withdraw-consent',
  'POST /v1/policy-acceptances': 'accept-policy-version',
  'POST /v1/loans/signed': 'record-loan-signed',
  'POST /v1/loans/fulfilled': 'record-loan-fulfilled',
  'POST /v1/purposes-achieved': 'record-purposes-achieved',
  'POST /v1/disclosures': 'record-disclosure',
  'POST /v1/withdrawals/:withdrawalId/processing-stopped': 'record-processing-stopped',
  'POST /v1/disclosures/:disclosureId/subject-notified': 'record-subject-notified',
  'POST /v1/policies/:policyId/versions': 'publish-policy-version',
  'POST /v1/erasures': 'erase-subject',
  'POST /v1/erasures/sweep': 'sweep-retention',
};

const PROBLEM_CODE = Symbol('ledger:problem-code');
type Answered = FastifyRequest & { [PROBLEM_CODE]?: string };

/**
 * Times and counts every answer by route pattern (never the URL: it may hold a pseudonym), status
 * and problem code, and counts command outcomes. Failures written straight to the socket before a
 * request exists (431, 408 while headers arrive) are not seen here.
 */
export function instrumentHttp(fastify: FastifyInstance, metrics: Metrics): void {
  // Callback hooks, not async ones: nothing here waits, and an async hook costs every request a
  // promise and a turn of the microtask queue.
  fastify.addHook('onSend', (request: Answered, reply, payload, done) => {
    if (typeof payload === 'string' && /^application\/problem\+json/.test(String(reply.getHeader('content-type')))) {
      try {
        const code = (JSON.parse(payload) as { code?: unknown }).code;
        if (typeof code === 'string') request[PROBLEM_CODE] = code;
      } catch {
        /* not ours to parse */
      }
    }
    done(null, payload);
  });
  fastify.addHook('onResponse', (request: Answered, reply, done) => {
    const method = request.method;
    const route = request.routeOptions?.url ?? 'unmatched';
    const status = String(reply.statusCode);
    const problem = request[PROBLEM_CODE] ?? '';
    metrics.httpDuration.observe({ method, route, status }, reply.elapsedTime / 1000);
    metrics.httpResponses.inc({ method, route, status, problem });
    const command = COMMAND_ROUTES[`${method} ${route}`];
    if (command) metrics.commands.inc({ command, outcome: outcomeOf(reply), problem });
    done();
  });
}

function outcomeOf(reply: FastifyReply): 'recorded' | 'replayed' | 'refused' | 'failed' {
  if (reply.statusCode >= 500) return 'failed';
  if (reply.statusCode >= 400) return 'refused';
  return reply.getHeader('idempotent-replayed') === 'true' ? 'replayed' : 'recorded';
}
