import { getMetadataStorage } from 'class-validator';
import { AcceptPolicyVersionDto } from '../../apps/ledger/src/accepting-policies/accept-policy-version';
import { GrantConsentDto } from '../../apps/ledger/src/granting/grant-consent.dto';
import { ProblemException } from '../../apps/ledger/src/http/problems';
import {
  ledgerValidationPipe,
  rememberValidationRules,
  useCompiledBodies,
} from '../../apps/ledger/src/http/validation';
import { parseNdjsonLine } from '../../apps/ledger/src/importing/import-rows';
import { LoanEventDto } from '../../apps/ledger/src/loans/loans';
import { PublishPolicyVersionDto } from '../../apps/ledger/src/publishing-policies/publish-policy-version';
import { WithdrawConsentDto } from '../../apps/ledger/src/withdrawing/withdraw-consent.dto';
import { generateImport, iinNumber } from '../../scripts/bench/generated-import';

/**
 * The validation pipe remembers each class's rules instead of working them out for every object
 * (rememberValidationRules). Every body — the generator's rows, good and bad, and bad variants of
 * every kind of row — gets the same answer, field by field and code by code, with the rules
 * remembered as with the rules worked out afresh.
 */
const DTOS: Record<string, new () => object> = {
  'publish-policy': PublishPolicyVersionDto,
  grant: GrantConsentDto,
  'accept-policy': AcceptPolicyVersionDto,
  withdraw: WithdrawConsentDto,
  'loan-signed': LoanEventDto,
  'loan-fulfilled': LoanEventDto,
};

const pipe = ledgerValidationPipe();

async function answer(kind: string, body: Record<string, unknown>): Promise<unknown> {
  try {
    // A fresh copy each time: the pipe transforms in place.
    const dto = await pipe.transform(structuredClone(body), { type: 'body', metatype: DTOS[kind], data: '' });
    return { valid: JSON.parse(JSON.stringify(dto)) };
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    return { code: error.code, errors: error.errors };
  }
}

/** Bad variants of a row: a wrong type, a missing field, an unknown field, a bad nested value. */
function variants(kind: string, body: Record<string, unknown>): Record<string, unknown>[] {
  const keys = Object.keys(body);
  return [
    body,
    ...keys.map((k) => ({ ...body, [k]: 42 })),
    ...keys.map((k) => Object.fromEntries(Object.entries(body).filter(([key]) => key !== k))),
    { ...body, surprise: 'x' },
    ...keys.map((k) => ({ ...body, [k]: null })),
    ...keys
      .filter((k) => typeof body[k] === 'object' && body[k] !== null)
      .map((k) => ({ ...body, [k]: Array.isArray(body[k]) ? [{ kind: 'scan' }, 7] : { unknown: true } })),
    kind === 'grant' ? { ...body, iin: iinNumber(5).slice(0, 11) + '0', term: { kind: 'until' } } : body,
  ];
}

describe('remembered validation rules', () => {
  // Valid bodies would otherwise be answered by the compiled check, never reaching class-validator.
  beforeAll(() => useCompiledBodies(false));
  afterAll(() => {
    rememberValidationRules(true);
    useCompiledBodies(true);
  });

  it('give the same field and code for every row, as rules worked out afresh', async () => {
    const file = generateImport(1000, '2024-01-01T00:00:00.000Z');
    const rows = file.text
      .split('\n')
      .map((text, i) => parseNdjsonLine(text, i + 1))
      .filter((row): row is Extract<typeof row, { kind: string }> => 'kind' in row && row.kind in DTOS);
    const seen = new Set<string>();
    const bodies = rows
      .flatMap((row) => {
        const { policyId: _route, ...body } = row.body;
        const shaped = row.kind === 'publish-policy' ? body : row.body;
        return variants(row.kind, shaped).map((b) => ({ kind: row.kind, body: b }));
      })
      .filter(({ kind, body }) => {
        // One of each distinct body shape is enough; the generator repeats its shapes.
        const shape = `${kind}:${JSON.stringify(Object.keys(body))}:${JSON.stringify(body).length}`;
        if (seen.has(shape)) return false;
        seen.add(shape);
        return true;
      });

    rememberValidationRules(true);
    const remembered = [];
    for (const { kind, body } of bodies) remembered.push(await answer(kind, body));
    // The rules are remembered indeed: the same list comes back for the same class.
    const storage = getMetadataStorage();
    const rules = () => storage.getTargetValidationMetadatas(GrantConsentDto, '', false, false);
    expect(rules()).toBe(rules());

    rememberValidationRules(false);
    expect(rules()).not.toBe(rules());
    const afresh = [];
    for (const { kind, body } of bodies) afresh.push(await answer(kind, body));

    expect(remembered).toEqual(afresh);
    // Not a vacuous comparison: both good and bad rows of every kind, and the generator's own bad rows.
    const invalid = afresh.filter((a) => (a as { code?: string }).code === 'invalid-request');
    expect(invalid.length).toBeGreaterThan(100);
    expect(afresh.length - invalid.length).toBeGreaterThan(5);
    const codes = new Set(invalid.flatMap((a) => (a as { errors: { code: string }[] }).errors.map((e) => e.code)));
    for (const code of ['isIin', 'required', 'unknown-field']) expect(codes).toContain(code);
  });
});
