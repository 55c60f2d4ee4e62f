import { ConsoleLogger, LogLevel } from '@nestjs/common';

/**
 * What the ledger writes to its logs never carries a person's identifiers or a secret, whatever a
 * library or an error message puts in: IIN-like numbers, e-mail addresses, phone numbers, bearer
 * tokens, key material.
 */
const PATTERNS: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g, '[key]'],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[token]'],
  [/\bBearer\s+\S+/gi, 'Bearer [token]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  [/(?<!\d)\+?\d{10,15}(?!\d)/g, '[number]'],
  [/\b[0-9a-fA-F]{64,}\b/g, '[hex]'],
];

export function redact(text: string): string {
  return PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

export class RedactingLogger extends ConsoleLogger {
  constructor(levels: LogLevel[]) {
    super('Ledger', { logLevels: levels });
  }

  protected override formatMessage(
    logLevel: LogLevel,
    message: unknown,
    pidMessage: string,
    formattedLogLevel: string,
    contextMessage: string,
    timestampDiff: string,
  ): string {
    return redact(super.formatMessage(logLevel, message, pidMessage, formattedLogLevel, contextMessage, timestampDiff));
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(redact(stack));
  }
}
