import { LoggerService, LogLevel } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { redact } from './redaction';

export type LedgerLogger = Logger;

/**
 * Headers and fields that may carry a secret or a person's data: removed by path before a line is
 * written. Free text goes through `redact` as well, for what a library puts in a message.
 */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-access-reason"]',
  'req.headers["idempotency-key"]',
  'req.headers["x-correlation-id"]',
  'res.headers["set-cookie"]',
  '*.iin',
  '*.identifiers',
  '*.password',
];

/**
 * The one logger: JSON lines through pino, which Fastify uses for its own lines and Nest for its
 * through `NestPinoLogger`. `destination` lets a test read what was written.
 */
export function createLogger(options: { level: string; destination?: DestinationStream }): LedgerLogger {
  return pino(
    {
      level: options.level,
      base: { service: 'consent-ledger' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        // The caller's X-Correlation-Id, bound to every line of its request: free text it writes
        // (`sms-77011234567`), so scrubbed like a message (bindings never pass the logMethod hook).
        correlationId: (id: unknown) => redact(id),
        err: (error: unknown) => {
          const e = error as { name?: string; code?: string; message?: string; stack?: string };
          return {
            type: e?.name ?? typeof error,
            ...(e?.code ? { code: e.code } : {}),
            message: redact(e?.message ?? error),
            ...(e?.stack ? { stack: redact(e.stack) } : {}),
          };
        },
      },
      hooks: {
        logMethod(args, method) {
          // pino's arguments: ([object,] message, ...interpolation); only strings need scrubbing.
          method.apply(this, args.map((a) => (typeof a === 'string' ? redact(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}

const NEST_TO_PINO: Record<LogLevel, 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Nest's own messages (start-up, module errors) as pino lines, with their context. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: LedgerLogger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes (message, [stack,] context); any of them may be missing or not a string. */
  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    const strings = rest.filter((r): r is string => typeof r === 'string');
    const context = strings.length > 0 ? strings[strings.length - 1] : undefined;
    const stack = strings.length > 1 ? strings[0] : undefined;
    const fields = { ...(context ? { context } : {}), ...(stack ? { stack: redact(stack) } : {}) };
    if (message instanceof Error) this.logger[NEST_TO_PINO[level]]({ ...fields, err: message }, message.message);
    else
      this.logger[NEST_TO_PINO[level]](fields, redact(typeof message === 'string' ? message : JSON.stringify(message)));
  }
}
