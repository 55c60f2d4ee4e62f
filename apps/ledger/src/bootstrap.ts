import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, AppOverrides } from './app.module';
import { LedgerConfig } from './config/ledger-config';
import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { FastifyRequest } from 'fastify';
import { ProblemFilter } from './http/problem.filter';
import { RedactingLogger } from './http/redacting-logger';
import { ProblemException } from './http/problems';
import { ledgerValidationPipe } from './http/validation';

/** Builds the ledger's HTTP application (not yet listening); `main` and the tests share it. */
export async function createLedgerApp(
  config: LedgerConfig,
  overrides: AppOverrides = {},
  options: { logger?: false | ('error' | 'warn' | 'log')[] } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config, overrides), adapter, {
    logger: options.logger === false ? false : new RedactingLogger(options.logger ?? ['error', 'warn']),
    abortOnError: false,
    bodyParser: false,
  });
  app.useGlobalPipes(ledgerValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  const fastify = app.getHttpAdapter().getInstance();
  // Nest turns Fastify's own parse errors into bare HttpExceptions; parsing here keeps the code.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    parseJson(request, body as string, (error, value) =>
      error ? done(new ProblemException('malformed-json', 'the body is not valid JSON'), undefined) : done(null, value),
    ),
  );
  await harden(app, config);
  setUpOpenApi(app);
  app.enableShutdownHooks();
  return app;
}

/** Secure headers, no caching of answers about people, and a request budget per client. */
async function harden(app: NestFastifyApplication, config: LedgerConfig): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Swagger UI, the only HTML the ledger serves, needs inline styles and its own scripts.
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });
  if (config.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      allowList: (request: FastifyRequest) => request.url === '/health/live',
      keyGenerator: clientOf,
      errorResponseBuilder: (_request, context) =>
        new ProblemException(
          'too-many-requests',
          `more than ${context.max} requests a minute; retry after ${context.after}`,
        ),
    });
  }
}

/** A client is its token (hashed: tokens are secrets), or its address when it sends none. */
function clientOf(request: FastifyRequest): string {
  const authorization = request.headers.authorization;
  return typeof authorization === 'string' && authorization.length > 0
    ? createHash('sha256').update(authorization).digest('hex')
    : request.ip;
}

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
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
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
