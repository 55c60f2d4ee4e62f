import { DomainError } from '@ledger/consent-domain';
import { AcceptPolicyVersionDto } from '../accepting-policies/accept-policy-version';
import { GrantConsentDto } from '../granting/grant-consent.dto';
import { ProblemException } from '../http/problems';
import { shapeProblem } from '../http/request-shape';
import { ledgerValidationPipe } from '../http/validation';
import { LoanEventDto } from '../loans/loans';
import { WithdrawConsentDto } from '../withdrawing/withdraw-consent.dto';
import { CsvRows, ParsedRow, parseNdjsonLine, RowKind } from './import-rows';

/**
 * Reading and checking an import's lines: parsed, shaped and validated by the API's own pipe, each
 * row's body becomes its command's DTO or the row's problem (line, field, code). Nothing here reads
 * the ledger, so it runs as well on a worker thread (row-check.worker.ts) as where the file is read:
 * the import's main thread then only decides and writes.
 */

export type SubjectRowKind = Exclude<RowKind, 'publish-policy'>;

/** Each kind of row is the HTTP command of the same name, with its DTO. */
export const SUBJECT_DTOS: Record<SubjectRowKind, new () => object> = {
  grant: GrantConsentDto,
  'accept-policy': AcceptPolicyVersionDto,
  withdraw: WithdrawConsentDto,
  'loan-signed': LoanEventDto,
  'loan-fulfilled': LoanEventDto,
};

export interface RowProblem {
  readonly line: number;
  readonly key?: string;
  readonly code: string;
  readonly field?: string;
  readonly message: string;
}

/** Lines of the file, in order (blank lines and a CSV header left out), with their line numbers. */
export interface LineBatch {
  readonly format: 'ndjson' | 'csv';
  /** A CSV file's columns, from its header line. */
  readonly columns?: readonly string[];
  readonly lines: readonly number[];
  readonly texts: readonly string[];
  /** The largest row, in bytes: the largest body the API takes for a command (LEDGER_BODY_LIMIT_BYTES). */
  readonly maxRowBytes?: number;
}

/**
 * A line as checked: a person's row with its validated DTO (its fields as the pipe left them; on
 * a worker thread a plain copy), a policy version's row with its body (published on its own,
 * through the bus, which validates it), or the problem that makes the line invalid.
 */
export type CheckedRow =
  | { readonly line: number; readonly key: string; readonly kind: SubjectRowKind; readonly dto: object }
  | {
      readonly line: number;
      readonly key: string;
      readonly kind: 'publish-policy';
      readonly body: Record<string, unknown>;
    }
  | { readonly line: number; readonly failed: FailedRow };

/** Why a row was not written: not a valid command, or refused by the domain (with the report's line). */
export interface FailedRow {
  readonly kind: 'invalid' | 'refused';
  readonly problem: RowProblem;
}

const pipe = ledgerValidationPipe();

/** The batch's lines, checked in order: one answer per line. */
export async function checkLines(batch: LineBatch): Promise<CheckedRow[]> {
  const csv = batch.format === 'csv' ? new CsvRows(batch.columns) : undefined;
  const checked: CheckedRow[] = [];
  for (let i = 0; i < batch.lines.length; i++) {
    const line = batch.lines[i];
    const text = batch.texts[i];
    // A UTF-16 unit is at most 3 bytes in UTF-8: most rows are cleared without counting.
    if (
      batch.maxRowBytes !== undefined &&
      text.length * 3 > batch.maxRowBytes &&
      Buffer.byteLength(text) > batch.maxRowBytes
    ) {
      // Every row is one of the API's commands, and the API answers a larger body 413.
      const message = `a row may hold at most ${batch.maxRowBytes} bytes, as a command's body may`;
      checked.push({
        line,
        failed: { kind: 'invalid', problem: { line, field: '(line)', code: 'too-large', message } },
      });
      continue;
    }
    // Lines are read as UTF-8, and a byte that is not (a file saved in Windows-1251, as old exports
    // are) became U+FFFD: such a row would keep a person's name as question marks for good.
    if (text.includes('\uFFFD')) {
      const message =
        'the line is not UTF-8 (or holds U+FFFD, the mark of text decoded wrongly before): save the file as UTF-8';
      checked.push({
        line,
        failed: { kind: 'invalid', problem: { line, field: '(line)', code: 'invalid-utf8', message } },
      });
      continue;
    }
    const parsed: ParsedRow | undefined = csv ? csv.parse(batch.texts[i], line) : parseNdjsonLine(batch.texts[i], line);
    if (!parsed) continue;
    if ('error' in parsed) {
      const problem = { line, ...(parsed.key ? { key: parsed.key } : {}), ...parsed.error };
      checked.push({ line, failed: { kind: 'invalid', problem } });
      continue;
    }
    const { key, body } = parsed;
    if (parsed.kind === 'publish-policy') {
      checked.push({ line, key, kind: 'publish-policy', body });
      continue;
    }
    const kind = parsed.kind as SubjectRowKind;
    try {
      checked.push({ line, key, kind, dto: (await validated(body, SUBJECT_DTOS[kind])) as object });
    } catch (error) {
      checked.push({ line, failed: problemOf(error, { line, key }) });
    }
  }
  return checked;
}

/** The row's body as its command's DTO, through the API's own checks (shape, then the validation pipe). */
export async function validated(body: Record<string, unknown>, dto: new () => object): Promise<unknown> {
  // `policyId` is a publication's route parameter, not part of its body; in any other row it is
  // an unknown field, which the pipe reports.
  const { policyId: _routeParam, ...shaped } = body;
  const shape = shapeProblem(shaped);
  if (shape) throw shape;
  return pipe.transform(body, { type: 'body', metatype: dto, data: '' });
}

/** A row's failure as the report shows it; anything that is not the row's fault is thrown on. */
export function problemOf(error: unknown, row: { line: number; key: string }): FailedRow {
  const at = { line: row.line, key: row.key };
  if (error instanceof DomainError && error.code === 'idempotency-key-reused') {
    // Said with the row's key, not the name of the ledger's claim for it (import:<key>).
    const message = `row key ${row.key} was already used for a different row (in this file or an earlier import); this line wrote nothing`;
    return { kind: 'refused', problem: { ...at, field: 'key', code: error.code, message } };
  }
  if (error instanceof DomainError) {
    const field = error.details[0]?.field;
    return {
      kind: error.kind === 'invalid' ? 'invalid' : 'refused',
      problem: { ...at, code: error.code, ...(field ? { field } : {}), message: error.message },
    };
  }
  if (error instanceof ProblemException) {
    const reason = (error.extensions as { reason?: { code?: string } }).reason?.code;
    const first = error.errors?.[0];
    const invalid =
      error.code === 'invalid-request' || error.code === 'iin-in-free-text' || error.code === 'unknown-code';
    return {
      kind: invalid ? 'invalid' : 'refused',
      problem: {
        ...at,
        code: reason ?? first?.code ?? error.code,
        ...(first?.field ? { field: first.field } : {}),
        message: first?.message ?? error.message,
      },
    };
  }
  throw error;
}
