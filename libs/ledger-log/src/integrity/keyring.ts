import { createPublicKey } from 'node:crypto';
import { isJsonObject } from '../canonical-json';
import { fingerprintOf, signPayload, SigningKey, verifyPayload } from './signing';

/**
 * The ledger's public signing keys over time. A key signs checkpoints, export marks and seals only
 * within its validity period; a rotation retires the old key (`validUntil`) and starts a new one
 * (`validFrom`). Auditors hold a keyring obtained out of band (the key statement the lender files
 * with the regulator) and `audit verify --keyring` accepts a signature only under a key of it that
 * was valid at the signature's time (docs/integrity.md).
 */
export const KEYRING_FORMAT = 'consent-ledger-keyring/1';
export const KEY_STATEMENT_FORMAT = 'consent-ledger-key-statement/1';

export interface KeyringEntry {
  readonly keyId: string;
  readonly fingerprint: string;
  readonly publicKeyPem: string;
  /** Inclusive; absent: from the beginning. */
  readonly validFrom?: string;
  /** Exclusive; absent: still valid. */
  readonly validUntil?: string;
}

export interface Keyring {
  readonly format: typeof KEYRING_FORMAT;
  readonly keys: readonly KeyringEntry[];
}

export class KeyringError extends Error {}

/** Whether the key was valid at `instant` (an ISO-8601 instant). */
export function validAt(entry: Pick<KeyringEntry, 'validFrom' | 'validUntil'>, instant: string): boolean {
  const t = Date.parse(instant);
  if (!Number.isFinite(t)) return false;
  if (entry.validFrom !== undefined && t < Date.parse(entry.validFrom)) return false;
  if (entry.validUntil !== undefined && t >= Date.parse(entry.validUntil)) return false;
  return true;
}

export function describePeriod(entry: Pick<KeyringEntry, 'validFrom' | 'validUntil'>): string {
  return `${entry.validFrom ?? 'the beginning'} – ${entry.validUntil ?? 'now'}`;
}

/** A key's entry computed from its PEM, with an optional period. */
export function keyringEntry(
  publicKeyPem: string,
  period: { validFrom?: string; validUntil?: string } = {},
): KeyringEntry {
  let pem: string;
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') throw new KeyringError('not an Ed25519 public key');
    pem = key.export({ type: 'spki', format: 'pem' }).toString();
  } catch (error) {
    if (error instanceof KeyringError) throw error;
    throw new KeyringError('not a PEM public key');
  }
  const fingerprint = fingerprintOf(pem);
  return {
    keyId: fingerprint.slice(0, 32),
    fingerprint,
    publicKeyPem: pem,
    ...(period.validFrom !== undefined ? { validFrom: period.validFrom } : {}),
    ...(period.validUntil !== undefined ? { validUntil: period.validUntil } : {}),
  };
}

/**
 * Reads a keyring, or the keys of a key statement (whose own signature must then verify). Every
 * entry's id and fingerprint are recomputed from its PEM; a given one that differs is refused.
 */
export function readKeyring(value: unknown): KeyringEntry[] {
  if (!isJsonObject(value)) throw new KeyringError('not a keyring');
  const document = value;
  if (document.format !== KEYRING_FORMAT && document.format !== KEY_STATEMENT_FORMAT) {
    throw new KeyringError(`not a ${KEYRING_FORMAT} file or a ${KEY_STATEMENT_FORMAT}`);
  }
  if (!Array.isArray(document.keys) || document.keys.length === 0) throw new KeyringError('it lists no keys');
  const keys = document.keys.map((raw, i) => entryFrom(raw, i));
  if (document.format === KEY_STATEMENT_FORMAT) checkStatementSignature(document as unknown as KeyStatement, keys);
  return keys;
}

function entryFrom(raw: unknown, index: number): KeyringEntry {
  const where = `key ${index + 1}`;
  if (raw === null || typeof raw !== 'object') throw new KeyringError(`${where} is not an object`);
  const given = raw as Record<string, unknown>;
  if (typeof given.publicKeyPem !== 'string') throw new KeyringError(`${where} has no publicKeyPem`);
  for (const field of ['validFrom', 'validUntil'] as const) {
    const v = given[field];
    if (
      v !== undefined &&
      (typeof v !== 'string' || !Number.isFinite(Date.parse(v)) || !/(Z|[+-]\d\d:\d\d)$/.test(v))
    ) {
      throw new KeyringError(`${where}: ${field} must be an ISO-8601 instant with a zone`);
    }
  }
  let entry: KeyringEntry;
  try {
    entry = keyringEntry(given.publicKeyPem, {
      validFrom: given.validFrom as string | undefined,
      validUntil: given.validUntil as string | undefined,
    });
  } catch (error) {
    throw new KeyringError(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (given.keyId !== undefined && given.keyId !== entry.keyId) {
    throw new KeyringError(`${where}: keyId ${String(given.keyId)} is not the id of its key (${entry.keyId})`);
  }
  if (given.fingerprint !== undefined && given.fingerprint !== entry.fingerprint) {
    throw new KeyringError(`${where}: its fingerprint is not the fingerprint of its key`);
  }
  if (entry.validFrom && entry.validUntil && Date.parse(entry.validFrom) >= Date.parse(entry.validUntil)) {
    throw new KeyringError(`${where}: validFrom must come before validUntil`);
  }
  return entry;
}

/**
 * The ledger's keyring: the retired keys it was given, and the current key — valid from when the
 * newest retired key stopped unless the keyring names it with a period of its own. The current key
 * must be valid now, or what the ledger signs would not verify.
 */
export function ledgerKeyring(retired: readonly KeyringEntry[], current: SigningKey, now: string): KeyringEntry[] {
  const listed = retired.find((k) => k.keyId === current.keyId);
  const others = retired.filter((k) => k.keyId !== current.keyId);
  const lastRetirement = others
    .map((k) => k.validUntil)
    .filter((t): t is string => t !== undefined)
    .sort((a, b) => Date.parse(a) - Date.parse(b))
    .pop();
  const currentEntry =
    listed ?? keyringEntry(current.publicKeyPem, lastRetirement !== undefined ? { validFrom: lastRetirement } : {});
  if (!validAt(currentEntry, now)) {
    throw new KeyringError(
      `the signing key ${current.keyId} is valid ${describePeriod(currentEntry)} by the keyring, not now (${now})`,
    );
  }
  return [...others, currentEntry];
}

/**
 * What the lender files with the regulator: the ledger's keys with their periods, signed by the
 * current key to show the ledger holds it. The filing itself carries the lender's own qualified
 * signature; `audit verify --keyring` reads this file as it is.
 */
export interface KeyStatementBody {
  readonly format: typeof KEY_STATEMENT_FORMAT;
  readonly statement: string;
  readonly operator: Readonly<Record<string, unknown>>;
  readonly issuedAt: string;
  readonly keys: readonly KeyringEntry[];
  /** The current key, which signs the statement. */
  readonly keyId: string;
  readonly algorithm: 'Ed25519';
}

export interface KeyStatement extends KeyStatementBody {
  readonly signature: string;
}

export function keyStatement(
  current: SigningKey,
  keys: readonly KeyringEntry[],
  operator: Readonly<Record<string, unknown>>,
  issuedAt: string,
): KeyStatement {
  const who = typeof operator.name === 'string' ? operator.name : 'the operator';
  const body: KeyStatementBody = {
    format: KEY_STATEMENT_FORMAT,
    statement:
      `The consent ledger of ${who} signs its log checkpoints and the marks and seals of its exports ` +
      'only with the Ed25519 keys listed here, each within its validity period (validFrom inclusive, ' +
      'validUntil exclusive). A signature under any other key, or outside its period, is not ours.',
    operator,
    issuedAt,
    keys,
    keyId: current.keyId,
    algorithm: 'Ed25519',
  };
  return { ...body, signature: signPayload(current, body) };
}

function checkStatementSignature(statement: KeyStatement, keys: readonly KeyringEntry[]): void {
  const { signature, ...body } = statement;
  const signer = keys.find((k) => k.keyId === body.keyId);
  if (!signer || typeof signature !== 'string' || !verifyPayload(signer.publicKeyPem, body, signature)) {
    throw new KeyringError('the key statement’s own signature does not verify: it was changed after it was issued');
  }
}
