import { isValidIin, iinCheckDigit } from '@ledger/consent-domain';

/** The n-th valid IIN of a generated file (distinct for n < 10^6). */
export function iinNumber(n: number, salt = 0): string {
  for (let k = 0; ; k++) {
    const first11 = `8${String(salt % 100).padStart(2, '0')}${String(n * 10 + k).padStart(8, '0')}`;
    const check = iinCheckDigit([...first11].map(Number));
    if (check !== undefined && isValidIin(first11 + check)) return first11 + check;
  }
}

export interface GeneratedImport {
  readonly text: string;
  readonly rows: number;
  /** Lines (1-based) of the rows that must be reported, with the code expected. */
  readonly invalid: Map<number, string>;
  readonly refused: Map<number, string>;
}

/**
 * An NDJSON import: one historical policy version, then per person a grant and, for every third, a
 * withdrawal; one row in a hundred is bad — half invalid (a bad IIN, a missing field, an unknown
 * kind, a broken line), half refused by the domain (a withdrawal dated before the grant).
 */
export function generateImport(rows: number, startIso: string, salt = 0): GeneratedImport {
  const lines: string[] = [];
  const invalid = new Map<number, string>();
  const refused = new Map<number, string>();
  const start = Date.parse(startIso);
  const at = (days: number) => new Date(start + days * 86_400_000).toISOString();
  lines.push(
    JSON.stringify({
      key: `s${salt}-policy`,
      kind: 'publish-policy',
      policyId: 'privacy',
      version: 'hist.1',
      effectiveFrom: at(0),
      occurredAt: at(0),
      materialChange: true,
      texts: { ru: { sha256: 'd'.repeat(64), url: 'https://acredit.kz/p/hist.1/ru' } },
    }),
  );
  let person = 0;
  /** A person's withdrawal waits for a later line, so that people interleave. */
  const pending: string[] = [];
  const grantOf = (p: number) => ({
    key: `s${salt}-g${p}`,
    kind: 'grant',
    iin: iinNumber(p, salt),
    purposes: ['microcredit-contract', 'advertising'],
    dataCategories: ['iin', 'mobile-phone'],
    recipients: ['advertising-partners'],
    crossBorderTransferAllowed: false,
    publicationAllowed: false,
    term: { kind: 'until-purposes-achieved' },
    policyShown: { policyId: 'privacy', version: 'hist.1' },
    language: 'ru',
    collectionMethod: 'paper',
    evidence: [{ kind: 'scan', reference: `archive/${p}` }],
    occurredAt: at(10 + (p % 300)),
  });
  let bad = 0;
  while (lines.length < rows) {
    const line = lines.length + 1;
    if (line % 100 === 50) {
      // A bad row about a person of its own, so no good row depends on it.
      const grant = { ...grantOf(person), key: `s${salt}-bad${line}` };
      person += 1;
      switch (bad++ % 5) {
        case 0:
          lines.push(JSON.stringify({ ...grant, iin: '123456789012' }));
          invalid.set(line, 'isIin');
          break;
        case 1:
          lines.push(JSON.stringify({ ...grant, language: undefined }));
          invalid.set(line, 'required');
          break;
        case 2:
          lines.push(JSON.stringify({ ...grant, kind: 'grnat' }));
          invalid.set(line, 'unknown-kind');
          break;
        case 3:
          lines.push(`{"key": "s${salt}-broken-${line}", "kind": "grant",`);
          invalid.set(line, 'malformed-json');
          break;
        default: {
          const { iin } = grant;
          lines.push(
            JSON.stringify({
              key: grant.key,
              kind: 'withdraw',
              iin,
              scope: {},
              channel: 'paper',
              evidence: [],
              occurredAt: at(1),
            }),
          );
          refused.set(line, 'nothing-to-withdraw');
        }
      }
      continue;
    }
    if (pending.length > 0 && line % 3 === 0) {
      lines.push(pending.shift()!);
      continue;
    }
    lines.push(JSON.stringify(grantOf(person)));
    if (person % 3 === 0) {
      pending.push(
        JSON.stringify({
          key: `s${salt}-w${person}`,
          kind: 'withdraw',
          iin: iinNumber(person, salt),
          scope: { purposes: ['advertising'] },
          channel: 'paper',
          evidence: [],
          occurredAt: at(320 + (person % 30)),
        }),
      );
    }
    person += 1;
  }
  return { text: lines.join('\n') + '\n', rows: lines.length, invalid, refused };
}
