import { createCipheriv, createDecipheriv } from 'node:crypto';
import { canonicalJson, pooledRandomBytes } from '@ledger/ledger-log';

/**
 * Personal data inside events is sealed with AES-256-GCM under the person's own data key, so that
 * destroying that one key makes every copy unreadable (crypto-shredding) while the events, and the
 * hash chains over their ciphertext, stay as they were. The stream name is bound in as associated
 * data: a sealed value moved to another person's stream does not open.
 */
export interface Sealed {
  readonly $sealed: {
    readonly v: 1;
    readonly alg: 'A256GCM';
    /** Which data key sealed it. */
    readonly kid: string;
    readonly iv: string;
    readonly tag: string;
    readonly ct: string;
  };
}

export interface DataKey {
  readonly keyId: string;
  readonly key: Buffer;
}

export function isSealed(value: unknown): value is Sealed {
  return typeof value === 'object' && value !== null && '$sealed' in value;
}

export function seal(value: unknown, dataKey: DataKey, boundTo: string): Sealed {
  const iv = pooledRandomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey.key, iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const ct = Buffer.concat([cipher.update(canonicalJson(value), 'utf8'), cipher.final()]);
  return {
    $sealed: {
      v: 1,
      alg: 'A256GCM',
      kid: dataKey.keyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ct: ct.toString('base64'),
    },
  };
}

export class UnsealError extends Error {}

export function unseal<T>(sealed: Sealed, dataKey: DataKey, boundTo: string): T {
  const s = sealed.$sealed;
  if (s.kid !== dataKey.keyId) throw new UnsealError(`sealed with key ${s.kid}, not ${dataKey.keyId}`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey.key, Buffer.from(s.iv, 'base64'));
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(s.ct, 'base64')), decipher.final()]).toString('utf8');
    return JSON.parse(text) as T;
  } catch {
    throw new UnsealError('the sealed value does not open with this key and stream');
  }
}
