import { canonicalJson, isJsonObject } from '../canonical-json';
import { sha256 } from './hash-chain';
import { SigningKey, signPayload, verifyPayload } from './signing';

export const RECEIPT_PROOF_FORMAT = 'consent-ledger-receipt-proof/1';

/**
 * What lets a person or an auditor check a receipt offline: a SHA-256 of each part of it, signed with
 * the ledger's key. Parts, not the whole, so that a check names what was changed, not only that
 * something was.
 */
export interface ReceiptProof {
  readonly format: typeof RECEIPT_PROOF_FORMAT;
  readonly algorithm: 'Ed25519';
  readonly keyId: string;
  readonly fingerprint: string;
  /** The ledger's clock when it signed: the key must have been valid then. */
  readonly signedAt: string;
  /** Each part's path (`law94v.term`) and the SHA-256 of its canonical JSON. */
  readonly digests: Readonly<Record<string, string>>;
  /** Ed25519 over the canonical JSON of every member above; base64. */
  readonly signature: string;
}

/**
 * A receipt's parts: each top-level member, and each member of a top-level object (the ISO/IEC TS
 * 27560 record's and the Law 94-V content's own sections). The proof itself is not a part.
 */
export function receiptDigests(receipt: Readonly<Record<string, unknown>>): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const [name, value] of Object.entries(receipt)) {
    if (name === 'proof' || value === undefined) continue;
    const members = isJsonObject(value) ? Object.entries(value).filter(([, v]) => v !== undefined) : [];
    if (members.length === 0) digests[name] = sha256(canonicalJson(value));
    for (const [member, inner] of members) digests[`${name}.${member}`] = sha256(canonicalJson(inner));
  }
  return digests;
}

/** The receipt with the ledger's public key (Kantara's `publicKey`) and its proof. */
export function signReceipt<R extends object>(
  receipt: R,
  key: SigningKey,
  signedAt: string,
): R & { readonly publicKey: string; readonly proof: ReceiptProof } {
  const withKey = { ...receipt, publicKey: key.publicKeyPem };
  const body: Omit<ReceiptProof, 'signature'> = {
    format: RECEIPT_PROOF_FORMAT,
    algorithm: 'Ed25519',
    keyId: key.keyId,
    fingerprint: key.fingerprint,
    signedAt,
    digests: receiptDigests(withKey as Record<string, unknown>),
  };
  return { ...withKey, proof: { ...body, signature: signPayload(key, body) } };
}

/** The proof as the receipt carries it, or why it is not one. */
export function receiptProofOf(receipt: unknown): ReceiptProof | string {
  if (!isJsonObject(receipt)) return 'the receipt is not a JSON object';
  const proof = receipt.proof;
  if (proof === undefined)
    return 'the receipt carries no proof (a receipt the audit CLI made from an export is not signed)';
  if (!isJsonObject(proof) || proof.format !== RECEIPT_PROOF_FORMAT)
    return `the proof is not in the format ${RECEIPT_PROOF_FORMAT}`;
  const { keyId, fingerprint, signedAt, digests, signature } = proof;
  if (
    typeof keyId !== 'string' ||
    typeof fingerprint !== 'string' ||
    typeof signedAt !== 'string' ||
    typeof signature !== 'string' ||
    !isJsonObject(digests) ||
    !Object.values(digests).every((d) => typeof d === 'string')
  ) {
    return 'the proof lacks its keyId, fingerprint, signedAt, digests or signature';
  }
  return proof as unknown as ReceiptProof;
}

/**
 * Every way the receipt differs from what the ledger signed, each naming the part; none when it is as
 * signed. `publicKeyPem` is the key the checker trusts for `proof.keyId`.
 */
export function receiptProblems(
  receipt: Readonly<Record<string, unknown>>,
  proof: ReceiptProof,
  publicKeyPem: string,
): string[] {
  const { signature, ...body } = proof;
  if (!verifyPayload(publicKeyPem, body, signature)) {
    return [
      `the proof's signature does not verify under key ${proof.keyId}: the proof itself (its digests, key or time) was changed, or another key made it`,
    ];
  }
  const now = receiptDigests(receipt);
  const problems: string[] = [];
  for (const [part, signed] of Object.entries(proof.digests)) {
    if (!(part in now)) problems.push(`${part} was removed: the signed receipt has it`);
    else if (now[part] !== signed)
      problems.push(`${part} is not what the ledger signed (SHA-256 ${now[part]}, signed ${signed})`);
  }
  for (const part of Object.keys(now)) {
    if (!(part in proof.digests)) problems.push(`${part} was added: the signed receipt has no such part`);
  }
  return problems;
}
