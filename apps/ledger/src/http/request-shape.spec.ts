import fc from 'fast-check';
import { repeatedMember } from './request-shape';

describe('repeatedMember', () => {
  it('finds a member given twice, by its path, however it is spelt', () => {
    expect(repeatedMember('{"iin":"1","iin":"2"}')).toBe('iin');
    expect(repeatedMember('{"iin":"1","\\u0069in":"2"}')).toBe('iin');
    expect(repeatedMember('{"term":{"kind":"a","until":"x","kind":"b"}}')).toBe('term.kind');
    expect(repeatedMember('{"evidence":[{"kind":"a"},{"kind":"b","kind":"c"}]}')).toBe('evidence[1].kind');
    expect(repeatedMember('[[1,{"a":1}],[{"b":1,"b":2}]]')).toBe('[1][0].b');
  });

  it('takes the same name in different objects, and names, braces and commas inside strings, as they are', () => {
    expect(repeatedMember('{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}')).toBeUndefined();
    expect(repeatedMember('{"note":"{\\"a\\":1,\\"a\\":2}","a":"\\\\","b":"x,\\"a\\":"}')).toBeUndefined();
    expect(repeatedMember('{"a":[],"b":{},"c":[[],{}],"d":"]}"}')).toBeUndefined();
    expect(repeatedMember('"text"')).toBeUndefined();
  });
});

/** The first version, kept as the reference the faster scan is held to. */
function referenceRepeatedMember(text: string): string | undefined {
  const frames: { names?: Set<string>; path: string; member: string }[] = [];
  let awaitingName = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const top = frames[frames.length - 1];
    if (ch === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (awaitingName && top?.names) {
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        const path = top.path ? `${top.path}.${name}` : name;
        if (top.names.has(name)) return path;
        top.names.add(name);
        top.member = path;
        awaitingName = false;
      }
      i = end;
    } else if (ch === '{' || ch === '[') {
      const path = top === undefined ? '' : top.names ? top.member : `${top.path}[${top.member}]`;
      frames.push(ch === '{' ? { names: new Set(), path, member: path } : { path, member: '0' });
      awaitingName = ch === '{';
    } else if (ch === '}' || ch === ']') {
      frames.pop();
      awaitingName = false;
    } else if (ch === ',' && top) {
      if (top.names) awaitingName = true;
      else top.member = String(Number(top.member) + 1);
    }
  }
  return undefined;
}

describe('repeatedMember, against its first version', () => {
  it('names the same member, or none, for any JSON text, members given twice or not, spelt with escapes or not', () => {
    // Objects written by hand from member lists, so that a name may come twice; names drawn from a
    // few so that they often do, and written plain, with \u escapes, or with escaped quotes and backslashes.
    const name = fc.constantFrom('a', 'b', 'iin', 'k"q', 'b\\s', '', 'é', '{', ',');
    const spelt = (n: string) =>
      fc.constantFrom(
        JSON.stringify(n),
        `"${[...n].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`,
      );
    const space = fc.constantFrom('', ' ', '\n\t ');
    const text: fc.Arbitrary<string> = fc.letrec<{ value: string; object: string; array: string }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }).map((v) => JSON.stringify(v)),
        fc.string().map((s) => JSON.stringify(s)),
        tie('object'),
        tie('array'),
      ),
      object: fc
        .array(fc.tuple(name.chain(spelt), space, tie('value')), { maxLength: 5 })
        .map((members) => `{${members.map(([n, s, v]) => `${s}${n}${s}:${s}${v}`).join(',')}}`),
      array: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(' ,')}]`),
    })).value;
    fc.assert(
      fc.property(text, (t) => {
        JSON.parse(t); // (what both are given: text already parsed as JSON)
        expect(repeatedMember(t)).toBe(referenceRepeatedMember(t));
      }),
      { numRuns: 3000 },
    );
  });
});
