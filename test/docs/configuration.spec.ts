import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The README's configuration table names every environment variable the code reads, and no other. */
const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

const read = [
  ...new Set(
    [...sources(join(root, 'apps')), ...sources(join(root, 'libs'))].flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\benv(?:\.|\[')((?:LEDGER_)?[A-Z][A-Z0-9_]+)\b/g)].map((m) => m[1]),
    ),
  ),
];

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('## Configuration'),
  readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1),
);
const documented = new Set([...section.matchAll(/`((?:LEDGER_|NODE_ENV|PORT)[A-Z0-9_]*)`/g)].map((m) => m[1]));

describe('the configuration table', () => {
  it('finds the variables the code reads', () => {
    expect(read).toEqual(expect.arrayContaining(['LEDGER_PORT', 'PORT', 'NODE_ENV', 'LEDGER_AUTH_JWKS_URL']));
  });

  it.each(read)('documents %s', (name) => {
    expect(documented.has(name)).toBe(true);
  });

  it('documents no variable the code does not read', () => {
    expect([...documented].filter((name) => !read.includes(name))).toEqual([]);
  });
});
