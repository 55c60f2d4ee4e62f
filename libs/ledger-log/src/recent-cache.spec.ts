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

  it('bounds values of very different sizes by their weight, not only their number', () => {
    // Entries weighing 1 to 100: by number alone 1,000 could be held, 50,000 of weight.
    const cache = new RecentCache<number, { weight: number }>(500, (v) => v.weight, 2_000);
    let heaviest = 0;
    for (let i = 0; i < 20_000; i++) {
      cache.set(i, { weight: 1 + ((i * 37) % 100) });
      let held = 0;
      for (const [, value] of cache.entries()) held += value.weight;
      heaviest = Math.max(heaviest, held);
    }
    expect(heaviest).toBeLessThanOrEqual(2 * 2_000 + 100);
    // The most recent values are still kept: a generation holds them until its budget is spent.
    for (let i = 19_980; i < 20_000; i++) expect(cache.get(i)).toEqual({ weight: 1 + ((i * 37) % 100) });
  });

  it('counts a value replaced or deleted in the young generation once, not twice', () => {
    const replaced = new RecentCache<string, number>(1_000, (v) => v, 10);
    replaced.set('a', 5);
    replaced.set('a', 5); // still 5 of weight, not 10
    replaced.set('b', 4);
    replaced.set('c', 1); // 10: a, b and c turn old together
    replaced.set('d', 10); // turns old alone: a, b and c are dropped
    expect(['a', 'b', 'c', 'd'].map((k) => replaced.has(k))).toEqual([false, false, false, true]);

    const deleted = new RecentCache<string, number>(1_000, (v) => v, 10);
    deleted.set('a', 5);
    deleted.delete('a'); // weighs nothing any more
    deleted.set('b', 5);
    deleted.set('c', 4);
    deleted.set('d', 1); // 10: b, c and d turn old together
    deleted.set('e', 10);
    expect(['b', 'c', 'd', 'e'].map((k) => deleted.has(k))).toEqual([false, false, false, true]);
  });

  it('keeps nothing at size 0', () => {
    const cache = new RecentCache<string, number>(0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });
});
