/**
 * A bounded memory of recently used values, in two generations: values are set in the young one;
 * when it holds `size` of them it becomes the old one and the old one is dropped whole. A value read
 * from the old generation moves to the young one. So the `size` most recently used values are always
 * kept, and at most twice as many are held.
 *
 * Why not a Map kept in least-recently-used order (delete and set again on every use, drop
 * `keys().next()` when full)? V8's Map leaves a hole for every deleted entry until it next
 * rehashes, and `keys().next()` walks every hole at the front: at 10,000 entries each eviction cost
 * microseconds, a few per cent of an import's main thread. Here nothing is deleted one by one.
 */
export class RecentCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private youngWeight = 0;

  /**
   * `size` 0 keeps nothing. Values of very different sizes (a person with one consent, or with a
   * hundred) are also bounded by weight: a generation is full at `size` values or at `budget` of
   * their `weigh`, whichever comes first, so at most twice the budget (and one value) is held.
   */
  constructor(
    private readonly size: number,
    private readonly weigh?: (value: V) => number,
    private readonly budget = Number.POSITIVE_INFINITY,
  ) {}

  get(key: K): V | undefined {
    const young = this.young.get(key);
    if (young !== undefined) return young;
    const old = this.old.get(key);
    if (old !== undefined) {
      this.old.delete(key);
      this.setYoung(key, old);
    }
    return old;
  }

  /** Whether the key is held (without marking it as used). */
  has(key: K): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  set(key: K, value: V): void {
    if (this.size === 0) return;
    // A stale copy in the old generation must not come back after this one is dropped.
    this.old.delete(key);
    this.setYoung(key, value);
  }

  delete(key: K): void {
    const young = this.young.get(key);
    if (young !== undefined && this.weigh) this.youngWeight -= this.weigh(young);
    this.young.delete(key);
    this.old.delete(key);
  }

  *entries(): IterableIterator<[K, V]> {
    yield* this.young.entries();
    yield* this.old.entries();
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
    this.youngWeight = 0;
  }

  /** How many values are held (between the `size` most recent and twice that). */
  get held(): number {
    return this.young.size + this.old.size;
  }

  private setYoung(key: K, value: V): void {
    if (this.weigh) {
      const replaced = this.young.get(key);
      this.youngWeight += this.weigh(value) - (replaced === undefined ? 0 : this.weigh(replaced));
    }
    this.young.set(key, value);
    if (this.young.size >= this.size || this.youngWeight >= this.budget) {
      this.old = this.young;
      this.young = new Map();
      this.youngWeight = 0;
    }
  }
}
