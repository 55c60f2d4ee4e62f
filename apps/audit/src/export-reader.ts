import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  ExportedEvent,
  ExportHeader,
  ExportVerifier,
  VerificationProblem,
  VerificationReport,
} from '@ledger/ledger-log';
import { Progress } from './progress';

export class ExportInvalid extends Error {
  constructor(readonly problem: VerificationProblem) {
    super(problem.reason);
  }
}

export interface ReadOptions {
  readonly publicKeyPem?: string;
  /** Check chains, checkpoints and the seal while reading (default true). */
  readonly verify?: boolean;
  readonly progress?: Progress;
  readonly onHeader?: (header: ExportHeader) => void;
  readonly onEvent?: (event: ExportedEvent) => void;
}

/**
 * Reads an export line by line — never the whole file at once — verifying as it goes. Throws
 * ExportInvalid with the first problem when verification is on.
 */
export async function readExport(file: string, options: ReadOptions): Promise<VerificationReport> {
  const verifier = new ExportVerifier({ trustedPublicKeyPem: options.publicKeyPem });
  const verify = options.verify ?? true;
  const size = statSync(file).size;
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  let bytes = 0;
  try {
    for await (const text of lines) {
      line += 1;
      bytes += Buffer.byteLength(text, 'utf8') + 1;
      options.progress?.update(bytes, size);
      if (text.trim() === '') continue;
      const parsed = safeParse(text);
      if (verify) {
        const problem = parsed ? verifier.acceptValue(parsed, line) : verifier.accept(text, line);
        if (problem) throw new ExportInvalid(problem);
      }
      if (parsed?.kind === 'header') options.onHeader?.(parsed as unknown as ExportHeader);
      else if (parsed?.kind === 'event') options.onEvent?.(parsed as unknown as ExportedEvent);
    }
  } finally {
    lines.close();
    input.destroy();
    options.progress?.done();
  }
  if (verify) {
    const problem = verifier.finish(line);
    if (problem) throw new ExportInvalid(problem);
  }
  return verifier.report();
}

function safeParse(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
