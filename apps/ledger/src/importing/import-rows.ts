import { containsIin } from '@ledger/consent-domain';
import { ProblemException } from '../http/problems';
import { repeatedMember, repeatedMemberDetail } from '../http/request-shape';

/**
 * The two file formats an import reads, both turned into the body the HTTP command takes:
 * - NDJSON: one object per line, `{"key": …, "kind": …, …the command's body}`;
 * - CSV: a header line naming columns from IMPORT_COLUMNS, then one row per line (no line breaks
 *   inside a field); lists are written with `;` between items, booleans as true/false.
 */
export const ROW_KINDS = [
  'publish-policy',
  'grant',
  'accept-policy',
  'withdraw',
  'loan-signed',
  'loan-fulfilled',
] as const;
export type RowKind = (typeof ROW_KINDS)[number];

export const IMPORT_COLUMNS = [
  'key',
  'kind',
  'iin',
  'occurredAt',
  'purposes',
  'dataCategories',
  'recipients',
  'crossBorderTransferAllowed',
  'publicationAllowed',
  'notifyOnDisclosure',
  'termUntil',
  'policyId',
  'policyVersion',
  'language',
  'collectionMethod',
  'fullName',
  'phone',
  'email',
  'evidenceKind',
  'evidenceReference',
  'evidenceSha256',
  'consentId',
  'channel',
  'loanId',
] as const;

/** Where a CSV column lands in its command's body: a problem found there is named by the column. */
const CSV_COLUMN_OF: readonly [RegExp, string][] = [
  [/^term(\.|$)/, 'termUntil'],
  [/^(policyShown|policy)(\.policyId)?$/, 'policyId'],
  [/^(policyShown|policy)\.version$/, 'policyVersion'],
  [/^method$/, 'collectionMethod'],
  [/^evidence(\[\d+\](\.kind)?)?$/, 'evidenceKind'],
  [/^evidence\[\d+\]\.reference$/, 'evidenceReference'],
  [/^evidence\[\d+\]\.sha256$/, 'evidenceSha256'],
  [/^subject(\.fullName)?$/, 'fullName'],
  [/^subject\.phone$/, 'phone'],
  [/^subject\.email$/, 'email'],
  [/^(scope\.)?purposes(\[\d+\])?$|^scope$/, 'purposes'],
  [/^(scope\.)?recipients(\[\d+\])?$/, 'recipients'],
  [/^(scope\.)?dataCategories(\[\d+\])?$/, 'dataCategories'],
];

/** The CSV column a field of a row's command came from; the field itself when it is not one of them. */
export function csvColumnOf(field: string): string {
  return CSV_COLUMN_OF.find(([path]) => path.test(field))?.[1] ?? field;
}

/** One line of the file: its row key and kind, and the command body; or why it could not be read. */
export type ParsedRow =
  | { readonly line: number; readonly key: string; readonly kind: string; readonly body: Record<string, unknown> }
  | { readonly line: number; readonly key?: string; readonly error: { field: string; code: string; message: string } };

export function parseNdjsonLine(text: string, line: number): ParsedRow {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line, error: { field: '(line)', code: 'malformed-json', message: 'the line is not valid JSON' } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { line, error: { field: '(line)', code: 'not-an-object', message: 'each line must be a JSON object' } };
  }
  const repeated = repeatedMember(text);
  if (repeated !== undefined) {
    return { line, error: repeatedMemberDetail(repeated) };
  }
  const { key, kind, ...body } = value as Record<string, unknown>;
  return withKeyAndKind(line, key, kind, body);
}

/** Reads a CSV file's lines: the first names the columns. */
export class CsvRows {
  /** The columns, once the header is read (or as a header read elsewhere named them). */
  constructor(private columns?: readonly string[]) {}

  get header(): readonly string[] | undefined {
    return this.columns;
  }

  /** Undefined for the header line. */
  parse(text: string, line: number): ParsedRow | undefined {
    const cells = splitCsv(text);
    if (!this.columns) {
      if (!Array.isArray(cells)) {
        const message = `line ${line}: the header's quotes are not closed as RFC 4180 has them`;
        throw new ProblemException('invalid-request', message, {}, [
          { field: '(header)', code: 'malformed-csv', message },
        ]);
      }
      const columns = cells.map((c) => c.trim());
      // The file cannot be read without knowing each column: a problem for the whole upload (400), as
      // an unknown field of a request is — and a column named twice would let one cell hide the other.
      const problems = [
        // A column without a name (a spreadsheet's trailing commas) said as where it is, not as ''.
        ...columns.flatMap((c, i) =>
          c === ''
            ? [
                {
                  field: `(column ${i + 1})`,
                  code: 'unnamed-column',
                  message: `column ${i + 1} of the header has no name`,
                },
              ]
            : [],
        ),
        ...columns
          .filter((c) => c !== '' && !(IMPORT_COLUMNS as readonly string[]).includes(c))
          .map((field) => ({ field, code: 'unknown-column', message: `${field} is not a column an import reads` })),
        ...columns
          .filter((c, i) => c !== '' && columns.indexOf(c) !== i)
          .map((field) => ({ field, code: 'duplicate-column', message: `${field} is named more than once` })),
        // Without them no row can be read: every row was reported invalid, and the import recorded as
        // completed, its Idempotency-Key then refusing the corrected file.
        ...(['key', 'kind'] as const)
          .filter((c) => !columns.includes(c))
          .map((field) => ({ field, code: 'missing-column', message: `every row needs its ${field}` })),
      ];
      if (problems.length > 0) {
        throw new ProblemException(
          'invalid-request',
          `line ${line}: the header names ${problems.map((p) => `${p.field} (${p.code})`).join(', ')}`,
          {},
          problems,
        );
      }
      this.columns = columns;
      return undefined;
    }
    if (!Array.isArray(cells)) {
      const keyAt = this.columns.indexOf('key');
      return {
        line,
        // The key, when it was read before the field that broke the line (and is one).
        ...(keyAt >= 0 && keyAt < cells.malformed ? reportableKey(cells.before[keyAt]) : {}),
        error: {
          field: this.columns[cells.malformed] ?? '(line)',
          code: 'malformed-csv',
          message: 'a quoted field must close its quote on its line, followed by a comma or the line end',
        },
      };
    }
    if (cells.length !== this.columns.length) {
      return {
        line,
        error: { field: '(line)', code: 'column-count', message: `expected ${this.columns.length} columns` },
      };
    }
    const record: Record<string, string> = {};
    this.columns.forEach((column, i) => {
      if (cells[i] !== '') record[column] = cells[i];
    });
    const row = withKeyAndKind(line, record.key, record.kind, csvBody(record));
    if (!('error' in row) && row.kind === 'publish-policy') {
      // Its texts (one per language) have no columns: said so, not as the first column it cannot take.
      const message = 'a publish-policy row needs NDJSON: a policy version’s texts have no CSV columns';
      return { line, key: row.key, error: { field: 'kind', code: 'ndjson-only', message } };
    }
    return row;
  }
}

const ROW_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,119}$/;

/** A row key the report may name: a valid one holding no IIN. */
function reportableKey(key: string | undefined): { key?: string } {
  return key !== undefined && ROW_KEY.test(key) && !containsIin(key) ? { key } : {};
}

function withKeyAndKind(line: number, key: unknown, kind: unknown, body: Record<string, unknown>): ParsedRow {
  if (typeof key !== 'string' || !ROW_KEY.test(key)) {
    return {
      line,
      error: {
        field: 'key',
        code: 'invalid-key',
        message: 'a row key: 1-120 of A-Z a-z 0-9 _ . : -, the first a letter or digit',
      },
    };
  }
  // A row's key is its idempotency key, held to the API's rule for one (and not echoed in the report).
  if (containsIin(key)) {
    return { line, error: { field: 'key', code: 'iin-in-free-text', message: 'must not contain an IIN' } };
  }
  if (typeof kind !== 'string' || !(ROW_KINDS as readonly string[]).includes(kind)) {
    return {
      line,
      key,
      error: { field: 'kind', code: 'unknown-kind', message: `kind must be one of ${ROW_KINDS.join(', ')}` },
    };
  }
  // The commands take their key as commandId too; a row's is its key, so a commandId would be read and never used.
  if ('commandId' in body) {
    return {
      line,
      key,
      error: {
        field: 'commandId',
        code: 'unknown-field',
        message: 'a row’s idempotency key is its key: commandId is not read',
      },
    };
  }
  return { line, key, kind, body };
}

const list = (value: string | undefined) => (value === undefined ? undefined : value.split(';').map((v) => v.trim()));
// Spreadsheet programs write their booleans TRUE and FALSE: in any case, they are nothing else.
const bool = (value: string | undefined) =>
  value === undefined ? value : /^true$/i.test(value) ? true : /^false$/i.test(value) ? false : value;

function csvBody(r: Record<string, string>): Record<string, unknown> {
  // Any evidence column given makes a piece of evidence, so that one half-given is refused by the DTO, not dropped.
  const evidence =
    r.evidenceKind || r.evidenceReference || r.evidenceSha256
      ? [
          {
            kind: r.evidenceKind,
            reference: r.evidenceReference,
            ...(r.evidenceSha256 ? { sha256: r.evidenceSha256 } : {}),
          },
        ]
      : [];
  const common = { iin: r.iin, occurredAt: r.occurredAt };
  const drop = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  switch (r.kind as RowKind) {
    case 'grant':
      return drop({
        ...common,
        purposes: list(r.purposes),
        dataCategories: list(r.dataCategories),
        recipients: list(r.recipients) ?? [],
        crossBorderTransferAllowed: bool(r.crossBorderTransferAllowed),
        publicationAllowed: bool(r.publicationAllowed),
        notifyOnDisclosure: bool(r.notifyOnDisclosure),
        term: r.termUntil ? { kind: 'until', until: r.termUntil } : { kind: 'until-purposes-achieved' },
        policyShown: { policyId: r.policyId, version: r.policyVersion },
        language: r.language,
        collectionMethod: r.collectionMethod,
        subject:
          r.fullName || r.phone || r.email ? drop({ fullName: r.fullName, phone: r.phone, email: r.email }) : undefined,
        evidence,
      });
    case 'withdraw':
      return drop({
        ...common,
        consentId: r.consentId,
        scope: drop({
          purposes: list(r.purposes),
          recipients: list(r.recipients),
          dataCategories: list(r.dataCategories),
        }),
        channel: r.channel,
        evidence,
      });
    case 'accept-policy':
      return drop({
        ...common,
        policy: { policyId: r.policyId, version: r.policyVersion },
        method: r.collectionMethod,
        evidence,
      });
    case 'loan-signed':
    case 'loan-fulfilled':
      return drop({ ...common, loanId: r.loanId });
    default:
      return drop({ ...r, key: undefined, kind: undefined });
  }
}

/**
 * RFC 4180 fields on one line: commas, double quotes, "" for a quote inside a quoted field; or the
 * field (its index) whose quote is not closed on the line or is followed by more than a comma. A quote
 * left open is a field broken over lines: read as it was, the row was written cut short and the rest
 * of the field reported as a row of its own.
 */
function splitCsv(text: string): string[] | { readonly malformed: number; readonly before: readonly string[] } {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  let closed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
        closed = true;
      } else cell += c;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
      closed = false;
    } else if (closed) return { malformed: cells.length, before: cells };
    else if (c === '"' && cell === '') quoted = true;
    else cell += c;
  }
  if (quoted) return { malformed: cells.length, before: cells };
  cells.push(cell);
  return cells;
}
