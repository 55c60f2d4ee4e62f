import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every code `audit verify` can fail with is explained to auditors in docs/integrity.md. */
describe('verification codes', () => {
  it('are each in the table of docs/integrity.md', () => {
    const sources = ['export-verifier.ts', 'export-lines.ts', 'event-rules.ts', 'signer-keys.ts'].map((f) =>
      readFileSync(join(__dirname, f), 'utf8'),
    );
    const codes = new Set<string>();
    for (const source of sources) {
      for (const match of source.matchAll(/(?:code: |problem\(\s*)'([a-z]+(?:-[a-z]+)+)'/g)) codes.add(match[1]);
    }
    expect(codes.size).toBeGreaterThan(25);
    const table = readFileSync(join(__dirname, '../../../../docs/integrity.md'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .join('\n');
    expect([...codes].filter((code) => !table.includes(`\`${code}\``)).sort()).toEqual([]);
  });
});
