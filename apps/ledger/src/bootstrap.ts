import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, AppOverrides } from './app.module';
import { LedgerConfig } from './config/ledger-config';
import { isUtf8 } from 'node:buffer';
import { correlationId } from './observability/redaction';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import { containsIin } from '@ledger/consent-domain';
import { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, LogController } from 'fastify';
import { ProblemFilter } from './http/problem.filter';
import { markReplays, settleBeforeAnswering, SETTLE_MS } from './http/command-response';
import { requestDeadlines } from './http/request-deadline';
import { iinInFreeText, INHERITED, repeatedMember, repeatedMemberProblem, shapeProblem } from './http/request-shape';
import { IMPORT_MEDIA_TYPES, IMPORT_ROUTE } from './importing/import-media';
import { problemBody, ProblemException, PROBLEMS } from './http/problems';
import { KEY_PATTERN } from './http/validation';
import { declareAccess } from './http/openapi';
import { createLogger, LedgerLogger, NestPinoLogger } from './observability/logger';
import { ledgerValidationPipe } from './http/validation';
import { authenticate, IdentifiedRequest } from './auth/authenticate';
import { rateLimitOptions } from './auth/rate-limits';
import { TokenVerifier } from './auth/token-verifier';
import { prepareDataFolder } from './config/data-folder';
import { DataFolderLock } from '@ledger/event-store';
import { instrumentHttp } from './metrics/http-metrics';
import { Metrics } from './metrics/metrics';
import { RATE_LIMIT_COUNTERS, RateLimitCounters } from './infrastructure/shared-components';
import { ConsoleSessions } from './console/sessions';
import { READ_SIDE } from './ledger/read-models';
import { ReadSide } from '@ledger/projections';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Builds the ledger's HTTP application (not yet listening); `main` and the tests share it. */
export async function createLedgerApp(
  config: LedgerConfig,
  overrides: AppOverrides = {},
  options: {
    logger?: false | LedgerLogger;
    /** Close the app on SIGTERM/SIGINT from now on (default); false: the caller enables it when started. */
    shutdownHooks?: boolean;
  } = {},
): Promise<NestFastifyApplication> {
  const logger =
    options.logger === false
      ? createLogger({ level: 'silent' })
      : (options.logger ?? createLogger({ level: config.logLevel }));
  if (config.mode === 'development') {
    logger.warn(
      { mode: 'development' },
      '*** DEVELOPMENT MODE: not for real personal data. Keys are made and kept in the data folder, tokens come ' +
        'from npm run token. Any NODE_ENV but development or test gets production rules. ***',
    );
  }
  // The embedded store has one writer. Its data folder is taken before anything is made: taken by a
  // provider, a refusal did not stop Nest from making the providers beside it, so an import refused
  // beside a running ledger had opened the key store and the log, and their writer threads, for good.
  const lock = config.eventStore.kind === 'sqlite' ? DataFolderLock.acquire(config.dataDir) : undefined;
  for (const warning of [...config.warnings, ...prepareDataFolder(config)]) logger.warn(warning);
  // The router's own refusals run no hook: they are counted once the metrics exist (see frameworkErrors).
  const forTheRouter: { metrics?: Metrics } = {};
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    loggerInstance: logger,
    logController: new OneLinePerRequest({ requestIdLogLabel: 'correlationId' }),
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-correlation-id'];
      return typeof given === 'string' && KEY_PATTERN.test(given) && !containsIin(given) ? given : correlationId();
    },
    // A client that sends half a request and goes silent is cut off: its headers by Node (which checks
    // once a second), its body by requestDeadlines, which spares an upload the ledger paces itself.
    requestTimeout: 0,
    http: {
      headersTimeout: Math.min(10_000, config.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(1000, config.requestTimeoutMs),
    },
    clientErrorHandler,
    // Fastify's own answer while draining is plain JSON without a code: `refuseWhileClosing` answers instead.
    return503OnClosing: false,
    // The router answers a malformed URL or an overlong path segment before Nest sees the request,
    // and before any hook: what the hooks give every other answer is given here.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const body =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? problemBody('uri-too-long', 414, PROBLEMS['uri-too-long'].title, undefined)
          : problemBody('invalid-request', 400, 'the URL is not valid', undefined);
      answerForTheRouter(request, reply, body, forTheRouter.metrics);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forConfig(config, { ...overrides, ...(lock ? { lock } : {}) }),
    adapter,
    { logger: new NestPinoLogger(logger), abortOnError: false, bodyParser: false },
  ).catch((error: unknown) => {
    lock?.release();
    throw error;
  });
  app.useGlobalPipes(ledgerValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  const fastify = app.getHttpAdapter().getInstance();
  requestDeadlines(fastify, config.requestTimeoutMs);
  markReplays(fastify);
  settleBeforeAnswering(
    fastify,
    app.get<ReadSide>(READ_SIDE).runner,
    Math.min(SETTLE_MS, config.readYourWritesTimeoutMs),
  );
  // The token is verified first, so the rate limits count verified principals (see authenticate).
  const verifier = app.get(TokenVerifier);
  const sessions = app.get(ConsoleSessions);
  refuseWhileClosing(fastify);
  fastify.decorateRequest('identity', null);
  // A callback hook: most requests are identified at once, without a promise (see authenticate).
  fastify.addHook('onRequest', (request: IdentifiedRequest, _reply, done) => {
    const identity = authenticate(verifier, request, sessions);
    if (!(identity instanceof Promise)) {
      request.identity = identity;
      return done();
    }
    identity.then((found) => {
      request.identity = found;
      done();
    }, done);
  });
  const metrics = app.get(Metrics);
  forTheRouter.metrics = metrics;
  instrumentHttp(fastify, metrics);
  // Nest turns Fastify's own parse errors into bare HttpExceptions; parsing here keeps the code.
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, bytes, done) => {
    // An import reads no JSON: left unparsed, the route answers 415 after its role check, as it does to any
    // other type, instead of 400 malformed-json for the same wrong type when the JSON was broken.
    if (request.routeOptions?.url === IMPORT_ROUTE) return done(null, undefined);
    // The ledger decodes no content coding (RFC 9110 §8.4): a gzipped body was refused as not UTF-8
    // (400 malformed-json, a bug in the sender's JSON, it seemed), and a plain one labelled gzip taken.
    const coding = String(request.headers['content-encoding'] ?? 'identity').trim();
    if (!/^identity$/i.test(coding)) {
      return done(
        new ProblemException(
          'unsupported-media-type',
          'send the body uncompressed: the ledger decodes no Content-Encoding',
        ),
        undefined,
      );
    }
    // JSON text is UTF-8 (RFC 8259 §8.1): read as a string, bytes that are not became U+FFFD, and a
    // name sent in another encoding was kept so, for good, in the person's immutable events.
    if (!isUtf8(bytes as Buffer)) {
      return done(new ProblemException('malformed-json', 'the body is not UTF-8, as JSON text must be'), undefined);
    }
    // A byte-order mark may be ignored (RFC 8259 §8.1), as an import's is.
    const body = (bytes as Buffer).toString('utf8').replace(/^\uFEFF/, '');
    // JSON.parse, not Fastify's parser, which refused `__proto__` and `constructor.prototype` as not JSON
    // (400 malformed-json): they are names a request does not have, as an import's rows say, and
    // shapeProblem refuses them (unknown-field) before the value goes anywhere.
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return done(new ProblemException('malformed-json', 'the body is not valid JSON'), undefined);
    }
    const repeated = repeatedMember(body);
    const problem = repeated !== undefined ? repeatedMemberProblem(repeated) : shapeProblem(value);
    return problem ? done(problem, undefined) : done(null, value);
  });
  // Imports are streamed: the controller reads the upload line by line as it arrives.
  fastify.addContentTypeParser(IMPORT_MEDIA_TYPES, (_request, payload, done) => done(null, payload));
  // Synchronous (a callback hook, not an async one): nothing here waits.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-correlation-id', request.id);
    const problem = freeTextProblem(request);
    return problem ? done(problem) : done();
  });
  await harden(app, config, metrics);
  crashPointForTests(fastify, config);
  await serveConsole(app);
  if (config.apiDocs) setUpOpenApi(app);
  if (options.shutdownHooks !== false) app.enableShutdownHooks();
  return app;
}

/**
 * A request that comes in on an open connection once the shutdown has begun is refused, before any
 * work, with a problem the client can act on: nothing was written, try again (another instance, or
 * this one once restarted). Requests already in flight are answered before the stores close, and
 * their connections closed after the answer.
 */
function refuseWhileClosing(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', (_request, reply, done) => {
    if (!closing) return done();
    void reply.header('retry-after', '5').header('connection', 'close');
    done(new ProblemException('shutting-down', 'this instance is shutting down; nothing was written'));
  });
  // A connection kept alive after its answer would hold the shutdown for the keep-alive timeout (72 s).
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
}

/**
 * Tests only (NODE_ENV=test): the process kills itself the moment its Nth 201 has been handed to the
 * socket, and holds back every later 201 (one group commit may acknowledge hundreds in one tick), so
 * a crash test dies at exactly the chosen acknowledgement instead of racing its own client.
 */
function crashPointForTests(fastify: FastifyInstance, config: LedgerConfig): void {
  const after = config.mode === 'test' ? Number(process.env.LEDGER_TEST_CRASH_AFTER_ACKS ?? 0) : 0;
  if (!(after > 0)) return;
  let sending = 0;
  let acknowledged = 0;
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode === 201 && ++sending > after) await new Promise(() => undefined);
    return payload;
  });
  fastify.addHook('onResponse', async (_request, reply) => {
    if (reply.statusCode === 201 && ++acknowledged === after) process.kill(process.pid, 'SIGKILL');
  });
}

/**
 * One line per request when it is answered — method, route pattern (never the URL: it may hold a
 * pseudonym), status, time and the caller's role — instead of Fastify's two lines with full URLs.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(_error: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const role = (request as FastifyRequest & { principal?: { role: string } }).principal?.role;
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions?.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ...(role ? { role } : {}),
      },
      'request',
    );
  }
}

/**
 * The router's refusal of a URL it cannot read (bad percent-encoding, a path segment too long). Fastify
 * answers it without running a hook, so it went out with no secure headers, no `no-store`, no
 * correlation id, no `request` log line and no count in the metrics: a client sending malformed URLs
 * was invisible to operators. Given here what the hooks give every other answer.
 */
function answerForTheRouter(
  request: FastifyRequest,
  reply: FastifyReply,
  body: ReturnType<typeof problemBody>,
  metrics: Metrics | undefined,
): void {
  const started = process.hrtime.bigint();
  for (const [name, value] of SECURE_HEADERS) void reply.header(name, value);
  void reply
    .header('cache-control', 'no-store')
    .header('content-security-policy', API_CSP)
    .header('x-correlation-id', request.id)
    .status(body.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(body);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const [method, route, status] = [request.method, 'unmatched', String(body.status)];
  request.log.info({ method, route, status: body.status, ms: Math.round(ms * 10) / 10 }, 'request');
  metrics?.httpDuration.observe({ method, route, status }, ms / 1000);
  metrics?.httpResponses.inc({ method, route, status, problem: body.code });
}

/**
 * Errors Node's HTTP parser meets before a request exists (a header block too large, a request that
 * never finished arriving, bytes that are not HTTP) still get problem+json.
 */
function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || typeof socket.destroy !== 'function') return;
  const [code, status] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? (['headers-too-large', 431] as const)
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? (['request-timeout', 408] as const)
        : (['invalid-request', 400] as const);
  const body = JSON.stringify(problemBody(code, status, PROBLEMS[code].title, undefined));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${PROBLEMS[code].title}\r\nConnection: close\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Cache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** The refusal a request's free text earns (an IIN in a header or the query, an inherited name), if any. */
function freeTextProblem(request: FastifyRequest): ProblemException | undefined {
  for (const [name, spelling] of Object.entries(FREE_TEXT_HEADERS)) {
    const value = request.headers[name];
    for (const text of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      if (containsIin(safeDecode(text))) return iinInFreeText(spelling);
    }
  }
  // A query is text the caller writes too, and a logged read keeps its parameters in the log.
  if (!request.url.includes('?')) return undefined;
  for (const [name, value] of new URLSearchParams(request.url.split('?')[1])) {
    // A name is written by the caller too, and an unknown one is named in the refusal: not an IIN's place.
    if (containsIin(name)) return iinInFreeText('(a query parameter’s name)');
    // The validation pipe lets `constructor`, `toString`… through unnoticed, as it does in a body.
    if (INHERITED.has(name)) return unknownQueryParameter(name);
    const notFreeText = NOT_FREE_TEXT_QUERY.has(name) && (name !== 'after' || isChangesFeed(request));
    if (!notFreeText && containsIin(value)) return iinInFreeText(name);
  }
  return undefined;
}

/**
 * `after` is a position of the log only on the changes feed, which refuses one not in the log; on the
 * webhook attempts it is a number of the caller's, kept among the look's parameters.
 */
const isChangesFeed = (request: FastifyRequest) => request.url.split('?')[0] === '/v1/changes';

const unknownQueryParameter = (name: string) =>
  new ProblemException('invalid-request', 'the request does not match its schema', {}, [
    { field: name, code: 'unknown-field', message: `${name} is not a field of this request` },
  ]);

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Headers a caller writes freely, which end up in the log (as digests) or in the logs. */
const FREE_TEXT_HEADERS = {
  'idempotency-key': 'Idempotency-Key',
  'x-correlation-id': 'X-Correlation-Id',
  'x-access-reason': 'X-Access-Reason',
};

/** Query parameters that are positions, pseudonyms, ids the ledger gave, instants, cursors or counts: digits there are no IIN. */
const NOT_FREE_TEXT_QUERY = new Set([
  'subjectId',
  'consentId',
  'subscriberId',
  'notificationId',
  'minPosition',
  'after',
  'cursor',
  'at',
  'knownAt',
  'from',
  'to',
  'limit',
  'nearWithin',
]);

/** The API answers JSON only: it needs no script, style or frame from anywhere. */
const API_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** Swagger UI, the only HTML the ledger serves, needs inline styles and scripts: on /docs only. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/**
 * The console's pages and scripts: from the ledger's own origin, no inline script or style, no
 * other origin for anything (no CDN, no external fonts).
 */
const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const cspFor = (path: string) =>
  path === '/docs' || path.startsWith('/docs/') ? DOCS_CSP : path.startsWith('/console/') ? CONSOLE_CSP : API_CSP;

/** Where `npm run build` put the console (dist/console), from the built ledger or from its sources. */
function consoleAssets(): string | undefined {
  return [join(__dirname, '..', '..', '..', 'console'), join(__dirname, '..', '..', '..', 'dist', 'console')].find(
    (dir) => existsSync(join(dir, 'index.html')),
  );
}

async function serveConsole(app: NestFastifyApplication): Promise<void> {
  const root = consoleAssets();
  const fastify = app.getHttpAdapter().getInstance();
  if (!root) {
    fastify.get('/console/', async (_request, reply) => {
      const body = problemBody('console-not-built', 404, PROBLEMS['console-not-built'].title, 'run npm run build');
      return reply.status(404).header('content-type', 'application/problem+json; charset=utf-8').send(body);
    });
    return;
  }
  // Everything no-store (the onSend hook): the pages are small, and person pages must never be cached.
  await app.register(fastifyStatic, {
    root,
    prefix: '/console/',
    decorateReply: false,
    cacheControl: false,
    etag: false,
    lastModified: false,
  });
}

/**
 * The headers helmet 8 sets with its defaults (the content security policy aside, which is ours per
 * path, and no referrer at all). Set from this constant: @fastify/helmet built helmet's middleware
 * anew on every request, in two hooks, about 2 % of a check's CPU.
 */
const SECURE_HEADERS: readonly (readonly [string, string])[] = [
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-resource-policy', 'same-origin'],
  ['origin-agent-cluster', '?1'],
  ['referrer-policy', 'no-referrer'],
  ['strict-transport-security', 'max-age=31536000; includeSubDomains'],
  ['x-content-type-options', 'nosniff'],
  ['x-dns-prefetch-control', 'off'],
  ['x-download-options', 'noopen'],
  ['x-frame-options', 'SAMEORIGIN'],
  ['x-permitted-cross-domain-policies', 'none'],
  ['x-xss-protection', '0'],
];

/** Secure headers, no caching of answers about people, and request budgets. */
async function harden(app: NestFastifyApplication, config: LedgerConfig, metrics: Metrics): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', (request, reply, payload, done) => {
    for (const [name, value] of SECURE_HEADERS) if (!reply.hasHeader(name)) void reply.header(name, value);
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    const query = request.url.indexOf('?');
    void reply.header('content-security-policy', cspFor(query < 0 ? request.url : request.url.slice(0, query)));
    done(null, payload);
  });
  if (config.rateLimitPerMinute > 0) {
    // In memory, or in the Redis every instance shares (LEDGER_RATE_LIMIT_REDIS_URL).
    const counters = app.get<RateLimitCounters>(RATE_LIMIT_COUNTERS);
    await app.register(
      rateLimit,
      rateLimitOptions(config, (budget) => metrics.rateLimitRefusals.inc({ budget }), counters.store),
    );
  }
}

/** The document is made when first asked for: scanning every route and DTO costs each start ~70 ms. */
function setUpOpenApi(app: INestApplication): void {
  const document = () =>
    declareAccess(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('Consent ledger — «AUTO SIYLIQ FINANCE» MFO')
          .setDescription(
            'An event-sourced ledger of consents, withdrawals, policy acceptances and disclosures of personal data, ' +
              'answering what consent was valid at time T as the ledger knew it at T′. Errors are RFC 9457 problem+json with a stable `code`.',
          )
          .setVersion('1')
          .addTag('commands', 'For the lending core. Every command needs an idempotency key.')
          .addTag('queries', 'For support staff, auditors and the lending core.')
          .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
          .addSecurityRequirements('bearer')
          .build(),
      ),
    );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
