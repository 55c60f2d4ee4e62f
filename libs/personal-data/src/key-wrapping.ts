import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { pooledRandomBytes } from '@ledger/ledger-log';
import { DataKey } from './sealing';

/** A new data key as the key stores keep it: wrapped (AES-256-GCM) under the master key. */
export interface WrappedKey {
  readonly keyId: string;
  readonly wrapped: Buffer;
  readonly iv: Buffer;
  readonly tag: Buffer;
}

/** Names the master key without revealing it, so a key wrapped under another one is recognised. */
export function masterKeyIdOf(masterKey: Buffer): string {
  if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
  return createHash('sha256').update(masterKey).digest('hex').slice(0, 16);
}

/**
 * A fresh random key for `owner`, wrapped with the owner's id as associated data (no swapping rows);
 * `dataKey` is the key itself, for the store that keeps it to remember once it is on disk.
 */
export function newWrappedKey(masterKey: Buffer, owner: string): WrappedKey & { readonly dataKey: DataKey } {
  const key = pooledRandomBytes(32);
  const iv = pooledRandomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(Buffer.from(owner, 'utf8'));
  const wrapped = Buffer.concat([cipher.update(key), cipher.final()]);
  const keyId = `${owner.slice(0, 12)}-${pooledRandomBytes(4).toString('hex')}`;
  return { keyId, wrapped, iv, tag: cipher.getAuthTag(), dataKey: { keyId, key } };
}

export function unwrapKey(masterKey: Buffer, owner: string, row: WrappedKey): DataKey {
  const decipher = createDecipheriv('aes-256-gcm', masterKey, row.iv);
  decipher.setAAD(Buffer.from(owner, 'utf8'));
  decipher.setAuthTag(row.tag);
  return { keyId: row.keyId, key: Buffer.concat([decipher.update(row.wrapped), decipher.final()]) };
}
