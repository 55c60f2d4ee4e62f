import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sources } from '../support/source-files';

/**
 * The OpenAPI document names each schema after its class, so two classes of one name described for
 * it are one schema: the last one read overwrites the other, and the answers (or the requests) of
 * every route that uses the first are documented with the wrong fields.
 */
const root = join(__dirname, '..', '..');

const described = sources(join(root, 'apps', 'ledger', 'src'))
  .filter((file) => readFileSync(file, 'utf8').includes("from '@nestjs/swagger'"))
  .flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/^export class (\w+)/gm)].map((m) => ({
      name: m[1],
      file: relative(root, file),
    })),
  );

describe('the OpenAPI schemas', () => {
  it('finds the classes it checks', () => {
    expect(described.length).toBeGreaterThan(50);
  });

  it('are each described by one class of its name', () => {
    const files = new Map<string, string[]>();
    for (const { name, file } of described) files.set(name, [...(files.get(name) ?? []), file]);
    expect([...files].filter(([, where]) => where.length > 1)).toEqual([]);
  });
});
