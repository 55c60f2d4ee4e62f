import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { canonicalJson } from '../canonical-json';

/** The ledger's Ed25519 signing key, and the names auditors know its public half by. */
export interface SigningKey {
  readonly keyId: string;
  /** SHA-256 over the public key's SPKI DER encoding, hex: what auditors pin (docs/integrity.md). */
  readonly fingerprint: string;
  readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
}

/** Reads a PKCS#8 PEM, or a 32-byte seed in hex or base64. */
export function loadSigningKey(text: string): SigningKey {
  const trimmed = text.trim();
  let privateKey: KeyObject;
  if (trimmed.startsWith('-----BEGIN')) {
    privateKey = createPrivateKey(trimmed);
  } else {
    const seed = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
    if (seed.length !== 32) throw new Error('an Ed25519 seed must be 32 bytes (hex or base64)');
    // PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): a fixed 16-byte prefix, then the seed.
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the signing key must be an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  const fingerprint = fingerprintOf(publicKey);
  return {
    keyId: fingerprint.slice(0, 32),
    fingerprint,
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function generateSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** SHA-256 over the public key's SPKI DER encoding, hex (64 digits). */
export function fingerprintOf(publicKey: KeyObject | string): string {
  return createHash('sha256')
    .update(publicKeyObject(publicKey).export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** Signs the canonical JSON of a payload; base64. */
export function signPayload(key: SigningKey, payload: object): string {
  return sign(null, Buffer.from(canonicalJson(payload), 'utf8'), key.privateKey).toString('base64');
}

/**
 * Whether `signature` is the base64 of a valid signature of the payload. Only the one spelling
 * signPayload writes counts: base64 decoding skips characters it does not know and the padding's
 * spare bits, so another spelling of the same bytes would be a change to a line that still verified.
 */
export function verifyPayload(publicKeyPem: string, payload: object, signature: string): boolean {
  try {
    const bytes = Buffer.from(signature, 'base64');
    if (bytes.length !== 64 || bytes.toString('base64') !== signature) return false;
    return verify(null, Buffer.from(canonicalJson(payload), 'utf8'), publicKeyObject(publicKeyPem), bytes);
  } catch {
    return false;
  }
}

/** Parsing a PEM costs more than checking a signature with it; an export names few keys. */
const parsedKeys = new Map<string, KeyObject>();

function publicKeyObject(key: KeyObject | string): KeyObject {
  if (typeof key !== 'string') return key;
  let parsed = parsedKeys.get(key);
  if (!parsed) {
    parsed = createPublicKey(key);
    if (parsedKeys.size >= 64) parsedKeys.clear();
    parsedKeys.set(key, parsed);
  }
  return parsed;
}
