/**
 * The names a store may hold (streams, IIN links), kept in memory by the store's one writer, so that
 * a look for a name never written answers without a read: a grant for a person new to the ledger
 * looks for its command's claim and its IIN's link, and finds neither. Each such miss was a read of
 * the file's index, at its slowest just after a group commit (the reading connection's pages are
 * dropped by every commit of another connection).
 *
 * A Bloom filter: it may say a name is there when it is not (a read then answers, as before), never
 * the reverse. Names are added before the write that makes them is sent, so a name on disk is always
 * in it; a write that fails, or a name deleted since, leaves a name that costs only the read. It is
 * filled from the file in slices after the store opens (`fill`): until the last slice, `mayHold`
 * answers true for every name. Its size is fixed when made: past the names it was made for, it
 * answers true more often, never wrongly (a restart sizes it again).
 */
export class WrittenNames {
  private readonly bits: Int32Array;
  private readonly mask: number;
  private filled = false;
  private stopped = false;
  private h1 = 0;
  private h2 = 0;

  /**
   * A filter the store's one writer fills from its file now, a slice at a time (`page` lists up to
   * `limit` names after `after`, in order): `expected` is how many the file may hold. A fill that fails
   * leaves it answering "maybe" to every name, so that every look reads the file, as without it.
   */
  static filledFrom(expected: number, page: (after: string, limit: number) => readonly string[]): WrittenNames {
    const names = new WrittenNames(expected);
    names.fill((after) => page(after ?? '', NAMES_PER_SLICE)).catch(() => undefined);
    return names;
  }

  /**
   * `expected`: how many names it should hold with few false answers (about 1 % at that count); never
   * fewer than a new ledger's first million or so (2 MiB), so that it has room to grow.
   */
  constructor(expected: number) {
    // About ten bits a name with seven probes: 1 % false answers at `expected` names.
    const wanted = Math.min(1 << 30, Math.max(MIN_EXPECTED, expected) * 10);
    let size = 1 << 20;
    while (size < wanted) size *= 2;
    this.bits = new Int32Array(size / 32);
    this.mask = size - 1;
  }

  /** False only when the name was never added and the fill is done: then no read can find it. */
  mayHold(name: string): boolean {
    if (!this.filled) return true;
    this.hash(name);
    for (let k = 0; k < PROBES; k++) {
      const bit = (this.h1 + Math.imul(k, this.h2)) & this.mask;
      if ((this.bits[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  add(name: string): void {
    this.hash(name);
    for (let k = 0; k < PROBES; k++) {
      const bit = (this.h1 + Math.imul(k, this.h2)) & this.mask;
      this.bits[bit >>> 5] |= 1 << (bit & 31);
    }
  }

  /** Two 32-bit hashes of the name (FNV-1a and a multiply-shift one), the probes' start and stride. */
  private hash(name: string): void {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    this.h1 = h1;
    // Odd, so that the probes of one name fall on different bits.
    this.h2 = h2 | 1;
  }

  /**
   * Adds every name `page` gives, a page at a time between other work (each page the names after
   * the last one given, in order; empty at the end), then trusts its misses. Names written meanwhile
   * are added by their writes, wherever the pages are. Resolves when done or stopped.
   */
  fill(page: (after: string | undefined) => readonly string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      let after: string | undefined;
      const step = () => {
        if (this.stopped) return resolve();
        try {
          const names = page(after);
          for (const name of names) this.add(name);
          if (names.length === 0) {
            this.filled = true;
            return resolve();
          }
          after = names[names.length - 1];
          setImmediate(step);
        } catch (error) {
          // Left unfilled: every look reads, as without it.
          reject(error);
        }
      };
      step();
    });
  }

  /** Stops a fill under way (the store is closing); its misses are never trusted. */
  stop(): void {
    this.stopped = true;
  }

  /** Whether its misses are trusted yet. */
  get ready(): boolean {
    return this.filled;
  }
}

const PROBES = 7;
const MIN_EXPECTED = 1_600_000;
/** Names added between other work while it fills. */
const NAMES_PER_SLICE = 5_000;
