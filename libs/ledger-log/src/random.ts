import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 8192;
let pool = Buffer.alloc(0);
let used = 0;

/**
 * `size` bytes from the operating system's CSPRNG, as `randomBytes` gives them, but drawn from a
 * pool filled 8 KiB at a time: the ledger takes a few bytes per event (IVs, pseudonyms, data keys),
 * and each small `randomBytes` call costs far more than its bytes. A full pool is replaced, never
 * refilled in place, so a slice handed out is never overwritten; every byte is handed out once. The
 * caller gets a copy it owns (nothing keeps the rest of the pool alive through it).
 */
export function pooledRandomBytes(size: number): Buffer {
  if (size > POOL_BYTES / 4) return randomFillSync(Buffer.alloc(size));
  if (used + size > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    used = 0;
  }
  const bytes = Buffer.from(pool.subarray(used, used + size));
  // What was handed out is wiped from the pool, so no later reader of the pool sees it.
  pool.fill(0, used, used + size);
  used += size;
  return bytes;
}
