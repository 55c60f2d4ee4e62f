import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The layer rules live in .dependency-cruiser.js (imports) and eslint.config.mjs (no clock,
 * randomness or environment in the domain); `npm run lint` enforces them on every test run. Here each
 * import rule is shown to bite, on a small tree that breaks it (test/architecture/fixtures/layers).
 */
const root = join(__dirname, '..', '..');
const cli = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Runs dependency-cruiser in `cwd` and lists its violations as "rule: from → to". */
function cruise(cwd: string, paths: string[]): string[] {
  let output: string;
  try {
    output = execFileSync(
      process.execPath,
      [cli, ...paths, '--config', join(root, '.dependency-cruiser.js'), '--output-type', 'json'],
      { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (error) {
    // It exits non-zero when it finds violations; the report is still on stdout.
    output = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(output) as { summary: { violations: Violation[] } };
  return report.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to.replace(/^(\.\.\/)+/, '')}`).sort();
}

describe('the layer rules', () => {
  it('catch every kind of crossing, a relative path into another lib’s src among them', () => {
    expect(cruise(join(__dirname, 'fixtures', 'layers'), ['apps', 'libs'])).toEqual(
      [
        'apps-not-other-apps: apps/audit/src/uses-ledger.ts → apps/ledger/src/reach.ts',
        'domain-is-pure: libs/consent-domain/src/impure.ts → crypto',
        'domain-is-pure: libs/consent-domain/src/impure.ts → node_modules/@nestjs/common/index.js',
        'libs-index-only-by-alias: apps/ledger/src/index-by-path.ts → libs/ledger-log/src/index.ts',
        'libs-not-apps: libs/projections/src/uses-app.ts → apps/ledger/src/reach.ts',
        'libs-not-nest: libs/consent-domain/src/impure.ts → node_modules/@nestjs/common/index.js',
        'libs-not-nest: libs/projections/src/uses-nest.ts → node_modules/@nestjs/common/index.js',
        'libs-through-their-index: apps/ledger/src/reach.ts → libs/ledger-log/src/internal.ts',
        'libs-through-their-index: apps/ledger/src/uses-testing.ts → libs/consent-domain/src/testing/fixtures.ts',
        'libs-through-their-index: libs/projections/src/uses-app.ts → libs/ledger-log/src/internal.ts',
        'no-test-code-in-production: apps/ledger/src/uses-testing.ts → libs/consent-domain/src/testing/fixtures.ts',
        'sqlite-only-in-infrastructure: apps/ledger/src/knows-sqlite.ts → node_modules/better-sqlite3/lib/index.js',
      ].sort(),
    );
  });

  it('keep the clock, randomness and the environment out of the domain, import or not', () => {
    const code =
      'export const impure = () => [Date.now(), new Date(), Math.random(), process.env.X, crypto.randomUUID()];';
    // ESLint's config is an ES module, which jest cannot load: one child process asks ESLint's own
    // API (what `npm run lint` runs) about the same line in both places.
    const LINT_BOTH = `
      const { ESLint } = require('eslint');
      const [code, ...files] = JSON.parse(process.argv[1]);
      (async () => {
        const eslint = new ESLint({ cwd: process.cwd() });
        const rules = {};
        for (const file of files) {
          const [result] = await eslint.lintText(code, { filePath: file });
          rules[file] = result.messages.map((m) => m.ruleId);
        }
        process.stdout.write(JSON.stringify(rules));
      })();`;
    const files = ['libs/consent-domain/src/shared/impure.ts', 'apps/ledger/src/impure.ts'];
    const rules = JSON.parse(
      execFileSync(process.execPath, ['-e', LINT_BOTH, JSON.stringify([code, ...files])], {
        cwd: root,
        encoding: 'utf8',
      }),
    ) as Record<string, string[]>;
    const lint = (file: string) => rules[file];
    expect(lint('libs/consent-domain/src/shared/impure.ts')).toEqual([
      'no-restricted-properties',
      'no-restricted-syntax',
      'no-restricted-properties',
      'no-restricted-globals',
      'no-restricted-properties',
      'no-restricted-globals',
      'no-restricted-properties',
    ]);
    // The same line is fine in an app, which owns the clock.
    expect(lint('apps/ledger/src/impure.ts')).toEqual([]);
  });
});
