import fc from 'fast-check';
import { mapFields } from './personal-fields';

/** The first version, kept as the reference the faster one is held to. */
function referenceMapFields<T>(data: T, paths: readonly string[], change: (value: unknown) => unknown): T {
  const mapPath = (node: unknown, parts: readonly string[]): unknown => {
    if (node === null || typeof node !== 'object' || parts.length === 0) return node;
    const [head, ...rest] = parts;
    const list = head.endsWith('[]');
    const name = list ? head.slice(0, -2) : head;
    const record = node as Record<string, unknown>;
    if (!(name in record) || record[name] === undefined) return node;
    const value = record[name];
    let next: unknown;
    if (list) {
      next = Array.isArray(value) ? value.map((item) => (rest.length ? mapPath(item, rest) : change(item))) : value;
    } else {
      next = rest.length ? mapPath(value, rest) : change(value);
    }
    return { ...record, [name]: next };
  };
  let out: unknown = data;
  for (const path of paths) out = mapPath(out, path.split('.'));
  return out as T;
}

describe('mapFields', () => {
  it('changes the values at the paths as its first version did, and nothing else, leaving the input as it was', () => {
    const name = fc.constantFrom('a', 'b', 'reference', 'evidence', 'identifiers');
    const path = fc
      .array(fc.tuple(name, fc.boolean()), { minLength: 1, maxLength: 3 })
      .map((steps) => steps.map(([n, list]) => (list ? `${n}[]` : n)).join('.'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 0 }), tie('list'), tie('object')),
      list: fc.array(tie('node'), { maxLength: 3 }),
      object: fc.dictionary(name, tie('node'), { maxKeys: 4 }),
    })).node;
    const change = (v: unknown) => ({ $sealed: JSON.stringify(v) ?? null });
    fc.assert(
      fc.property(value, fc.array(path, { maxLength: 3 }), (data, paths) => {
        const before = JSON.stringify(data);
        expect(mapFields(data, paths, change)).toEqual(referenceMapFields(data, paths, change));
        expect(JSON.stringify(mapFields(data, paths, change))).toBe(
          JSON.stringify(referenceMapFields(data, paths, change)),
        );
        expect(JSON.stringify(data)).toBe(before);
      }),
      { numRuns: 1000 },
    );
  });
});
