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
