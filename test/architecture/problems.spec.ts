import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEMS } from '../../apps/ledger/src/http/problems';
import { sources } from '../support/source-files';

/** Every error code the domain or the app can raise has an entry in the problem registry. */
const root = join(__dirname, '..', '..');
const STATUS_OF = { invalid: 400, notFound: 404, conflict: 409, refused: 422 } as const;

const raised = [...sources(join(root, 'libs')), ...sources(join(root, 'apps'))].flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/\b(invalid|notFound|conflict|refused)\(\s*'([a-z0-9-]+)'/g)].map((m) => ({
    file: file.slice(root.length + 1),
    helper: m[1] as keyof typeof STATUS_OF,
    code: m[2],
  })),
);
const problemCodes = [
  ...new Set(
    [...sources(join(root, 'apps'))].flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/new ProblemException\(\s*'([a-z0-9-]+)'/g)].map((m) => m[1]),
    ),
  ),
];

describe('the problem registry', () => {
  it('finds the codes it checks', () => {
    expect(raised.length).toBeGreaterThan(20);
  });

  it.each(raised.map((r) => [r.code, r.file, r.helper]))(
    '%s (raised in %s) is registered with its status',
    (code, _file, helper) => {
      const entry = (PROBLEMS as Record<string, { status: number }>)[code];
      expect(entry).toBeDefined();
      expect(entry.status).toBe(STATUS_OF[helper as keyof typeof STATUS_OF]);
    },
  );

  it.each(problemCodes.map((c) => [c]))('%s (a ProblemException) is registered', (code) => {
    expect((PROBLEMS as Record<string, unknown>)[code]).toBeDefined();
  });
});
