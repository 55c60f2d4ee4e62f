import { ConfigError } from './env-values';

/**
 * Why these bytes do not look like a random key, or undefined when they do. Each test would pass
 * a real 32-byte random key except with negligible probability (below 1e-12), and catches what
 * people actually paste: one byte repeated, a short pattern repeated, a counting sequence, or text
 * (a password or passphrase encoded to hex or base64).
 */
function weakKeyReason(bytes: Buffer): string | undefined {
  if (bytesEntropy(bytes) < 4) return 'too few different bytes (a repeated value or pattern)';
  const steps = Buffer.alloc(bytes.length - 1);
  for (let i = 1; i < bytes.length; i++) steps[i - 1] = (bytes[i] - bytes[i - 1]) & 0xff;
  if (bytesEntropy(steps) < 3) return 'a regular sequence';
  if (bytes.every((b) => b >= 0x20 && b < 0x7f)) return 'text, not random bytes (a password or passphrase?)';
  return undefined;
}

/** Shannon entropy of the bytes' own distribution, in bits per byte (at most log2 of the length). */
function bytesEntropy(bytes: Buffer): number {
  const counts = new Map<number, number>();
  for (const b of bytes) counts.set(b, (counts.get(b) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / bytes.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Production's secrets: each must look random, and no two may be the same key (one leaked secret
 * must not open another: the pseudonyms, the sealed data and the signatures stand apart).
 */
export function checkSecrets(secrets: readonly { readonly name: string; readonly bytes: Buffer }[]): void {
  for (const { name, bytes } of secrets) {
    const reason = weakKeyReason(bytes);
    if (reason) throw new ConfigError(`${name} looks like a placeholder, not a random key: ${reason}`);
  }
  for (let i = 0; i < secrets.length; i++) {
    for (let j = i + 1; j < secrets.length; j++) {
      const [a, b] = [secrets[i], secrets[j]];
      const shorter = Math.min(a.bytes.length, b.bytes.length);
      if (a.bytes.subarray(0, shorter).equals(b.bytes.subarray(0, shorter))) {
        throw new ConfigError(`${a.name} and ${b.name} hold the same key; each needs its own random bytes`);
      }
    }
  }
}
