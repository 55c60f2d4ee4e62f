import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The layer rules, checked on every test run: the domain is pure (no framework, store, clock or
 * randomness), libraries never reach into apps, and nothing test-only ships in a library's index.
 */
const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

const importsOf = (file: string) =>
  [
    ...readFileSync(file, 'utf8').matchAll(
      /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)/g,
    ),
  ].map((m) => m[1] ?? m[2]);

const domainFiles = sources(join(root, 'libs/consent-domain/src')).filter((f) => !f.includes('/testing/'));

describe('the consent domain is pure', () => {
  it.each(domainFiles.map((f) => [relative(root, f), f]))('%s imports only domain code', (_name, file) => {
    const outside = importsOf(file).filter((i) => !i.startsWith('.'));
    expect(outside).toEqual([]);
  });

  const forbidden: [string, RegExp][] = [
    ['the clock', /Date\.now\s*\(|new Date\(\s*\)|performance\.now|process\.hrtime/],
    ['randomness', /Math\.random|randomUUID|randomBytes|getRandomValues/],
    ['the environment', /process\.env/],
  ];
  it.each(domainFiles.map((f) => [relative(root, f), f]))(
    '%s uses no clock, randomness or environment',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      const found = forbidden.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
      expect(found).toEqual([]);
    },
  );
});

describe('libraries do not depend on apps or on Nest', () => {
  const libFiles = sources(join(root, 'libs'));
  it.each(libFiles.map((f) => [relative(root, f), f]))('%s', (_name, file) => {
    const bad = importsOf(file).filter(
      (i) => i.includes('apps/') || i.startsWith('@nestjs/') || i === 'class-validator',
    );
    expect(bad).toEqual([]);
  });
});

describe('nothing above the event-store port knows the SQLite adapter', () => {
  const appFiles = sources(join(root, 'apps')).filter((f) => !f.includes('/infrastructure/'));
  it.each(appFiles.map((f) => [relative(root, f), f]))('%s', (_name, file) => {
    const bad = importsOf(file).filter(
      (i) => i.includes('sqlite-event-store') || i === 'better-sqlite3' || i.startsWith('@eventstore/'),
    );
    expect(bad).toEqual([]);
  });
});
