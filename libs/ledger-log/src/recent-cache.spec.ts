import { RecentCache } from './recent-cache';

describe('RecentCache', () => {
  it('keeps the `size` most recently used values, however many were set', () => {
    const cache = new RecentCache<number, string>(100);
    for (let i = 0; i < 10_000; i++) cache.set(i, `v${i}`);
    for (let i = 9_900; i < 10_000; i++) expect(cache.get(i)).toBe(`v${i}`);
    expect(cache.get(0)).toBeUndefined();
    expect(cache.held).toBeLessThanOrEqual(200);
  });

  it('keeps a value that is read, as recently used, while others come and go', () => {
    const cache = new RecentCache<string, number>(10);
    cache.set('kept', 1);
    for (let i = 0; i < 1_000; i++) {
      cache.set(`other-${i}`, i);
      expect(cache.get('kept')).toBe(1);
    }
  });

  it('answers the newest value of a key, never an older one left behind', () => {
    const cache = new RecentCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3); // young full: a, b, c become the old generation
    cache.set('a', 4); // the new value is young; the old one must not come back
    cache.set('d', 5);
    cache.set('e', 6); // young full again: the old generation (b, c) is dropped
    expect(cache.get('a')).toBe(4);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.has('e')).toBe(true);
  });

  it('keeps nothing at size 0', () => {
    const cache = new RecentCache<string, number>(0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });
});
