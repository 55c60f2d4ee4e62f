import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, AppOverrides } from './app.module';
import { LedgerConfig } from './config/ledger-config';
import { ProblemFilter } from './http/problem.filter';
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
    logger: options.logger ?? ['error', 'warn'],
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
  setUpOpenApi(app);
  app.enableShutdownHooks();
  return app;
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
