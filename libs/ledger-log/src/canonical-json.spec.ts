import fc from 'fast-check';
import { canonicalCopy, canonicalJson, inCanonicalForm, withMember } from './canonical-json';

/**
 * Canonical JSON defines every event hash, so a faster version must write exactly what the first one
 * wrote. This is that first version, kept as the reference.
 */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error('canonical JSON has no place for NaN or Infinity');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

describe('canonical JSON', () => {
  it('writes what the reference writes, for any JSON-like value', () => {
    const key = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('1', '10', '9', '$id', 'a', 'B', 'é', '😀'),
    );
    const leaf = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 6 }),
      object: fc.dictionary(key, tie('node'), { maxKeys: 6 }),
    })).node;
    fc.assert(
      fc.property(value, (v) => canonicalJson(v) === reference(v)),
      { numRuns: 2000, seed: 94_573 },
    );
    // The same values with their keys put in order take the JSON.stringify path: still the same text.
    fc.assert(
      fc.property(value, (v) => {
        const ordered = canonicalCopy(v);
        return canonicalJson(ordered) === reference(v) && canonicalJson(ordered) === reference(ordered);
      }),
      { numRuns: 2000, seed: 94_573 },
    );
  });

  it('writes a value stored in canonical order with JSON.stringify’s own output', () => {
    const stored = JSON.parse(JSON.stringify(canonicalCopy({ z: 1, a: { y: [{ d: 1, c: 2 }], b: 'x' }, m: null })));
    expect(JSON.stringify(stored)).toBe('{"a":{"b":"x","y":[{"c":2,"d":1}]},"m":null,"z":1}');
    expect(canonicalJson(stored)).toBe(JSON.stringify(stored));
  });

  it('keeps the reference’s answers at the edges: holes, -0, lone surrogates, integer-like keys, toJSON ignored', () => {
    const edges: unknown[] = [
      // eslint-disable-next-line no-sparse-arrays
      [1, , 3],
      [undefined, () => 1],
      { a: undefined, b: () => 1, c: Symbol('s') },
      -0,
      '\ud800 lone',
      { '10': 1, '9': 2, b: 3, a: 4, '': 5 },
      new Date('2025-01-01T00:00:00Z'),
      { nested: { z: [{ y: 1, x: 2 }], é: 'ü', E: '\u2028' } },
    ];
    for (const edge of edges) expect(canonicalJson(edge)).toBe(reference(edge));
    const proto = JSON.parse('{"z":1,"__proto__":{"a":2}}');
    expect(canonicalJson(canonicalCopy(proto))).toBe(reference(proto));
    expect(canonicalJson(canonicalCopy(proto))).toBe('{"__proto__":{"a":2},"z":1}');
    expect(() => canonicalJson({ n: NaN })).toThrow('NaN');
    expect(() => canonicalJson([Infinity])).toThrow('Infinity');
  });

  it('matches RFC 8785’s ordering example', () => {
    expect(
      canonicalJson({
        '\u20ac': 'Euro Sign',
        '\r': 'Carriage Return',
        '\ufb33': 'Hebrew Letter Dalet With Dagesh',
        '1': 'One',
        '\ud83d\ude00': 'Emoji: Grinning Face',
        '\u0080': 'Control',
        '\u00f6': 'Latin Small Letter O With Diaeresis',
      }),
    ).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('keeps a canonical value as it is, and sets a member where canonical order puts it', () => {
    const ordered = canonicalCopy({ schemaVersion: 1, actor: { role: 'r', id: 'x' }, $causationId: 'c' });
    expect(inCanonicalForm(ordered)).toBe(ordered);
    const unordered = { b: 1, a: { d: 2, c: 3 } };
    expect(inCanonicalForm(unordered)).not.toBe(unordered);
    expect(JSON.stringify(inCanonicalForm(unordered))).toBe(canonicalJson(unordered));
    for (const key of ['$a', 'actor', 'hash', 'previousHash', 'zzz', 'schemaVersion']) {
      const set = withMember(ordered, key, 'v');
      expect(JSON.stringify(set)).toBe(canonicalJson({ ...ordered, [key]: 'v' }));
    }
  });
});

describe('withMember', () => {
  it('keeps an own "__proto__" member (JSON.parse makes one) as a member, wherever the new one lands', () => {
    const parsed = JSON.parse('{"__proto__":{"x":1},"b":2}') as Record<string, unknown>;
    for (const key of ['a', 'hash', 'z']) {
      const copy = withMember(parsed, key, 'v');
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      expect(JSON.parse(JSON.stringify(copy))).toEqual(JSON.parse(`{"__proto__":{"x":1},"b":2,"${key}":"v"}`));
    }
  });
});
