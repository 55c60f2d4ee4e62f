import { describePeriod, KeyringEntry, keyringEntry, validAt } from './keyring';

/** A key the auditor obtained out of band: by its PEM, by its fingerprint alone, or from a keyring. */
export interface PinnedKey {
  readonly fingerprint: string;
  /** Absent when pinned by fingerprint: the export's own copy of the key is used if it matches. */
  readonly publicKeyPem?: string;
  readonly validFrom?: string;
  readonly validUntil?: string;
}

/** The key a signature is checked with. */
export interface SignerKey {
  readonly pem: string;
  readonly keyId: string;
  readonly fingerprint: string;
}

/**
 * Which key must have made a signature in an export: with pins, a pinned key valid at the
 * signature's time; without, the export's own copy of the key, valid then by the export's keyring.
 */
export class SignerKeys {
  private readonly pins: readonly PinnedKey[];
  private readonly carried = new Map<string, KeyringEntry>();
  private readonly used = new Map<string, string>();

  constructor(pins: readonly PinnedKey[] = []) {
    this.pins = pins.map((p) => ({ ...p, fingerprint: p.fingerprint.toLowerCase() }));
  }

  get pinned(): boolean {
    return this.pins.length > 0;
  }

  /** The keys an export's header carries; ids and fingerprints are recomputed from the PEMs. Throws on a bad key. */
  carry(keys: readonly { publicKeyPem: string; validFrom?: string; validUntil?: string }[]): void {
    for (const given of keys) {
      const entry = keyringEntry(given.publicKeyPem, given);
      if (!this.carried.has(entry.keyId)) this.carried.set(entry.keyId, entry);
    }
  }

  carries(keyId: string): boolean {
    return this.carried.has(keyId);
  }

  /** Keys that checked a signature so far. */
  keysUsed(): { keyId: string; fingerprint: string }[] {
    return [...this.used].map(([keyId, fingerprint]) => ({ keyId, fingerprint }));
  }

  /** The key `keyId` for a signature made at `at` on `what`, or why there is none. */
  resolve(keyId: string, at: string, what: string): SignerKey | { code: string; reason: string } {
    const carried = this.carried.get(keyId);
    if (this.pins.length > 0) {
      // A key id is exactly the first 32 hex digits of its fingerprint: no shorter prefix names a pinned key.
      const pinned = this.pins.filter((p) => p.fingerprint.slice(0, 32) === keyId);
      if (pinned.length === 0) {
        return {
          code: 'key-mismatch',
          reason: `${what} is signed with key ${keyId}, which is not among the keys given to check it with (a rotated key? pass the ledger's keyring with --keyring)`,
        };
      }
      const valid = pinned.find((p) => validAt(p, at));
      if (!valid) {
        return {
          code: 'key-not-valid-then',
          reason: `${what} is signed with key ${keyId} at ${at}, outside its validity (${describePeriod(pinned[0])})`,
        };
      }
      const pem = valid.publicKeyPem ?? (carried?.fingerprint === valid.fingerprint ? carried.publicKeyPem : undefined);
      if (!pem) {
        return {
          code: 'key-mismatch',
          reason: `${what} is signed with key ${keyId}, but the export does not carry the key with the pinned fingerprint`,
        };
      }
      this.used.set(keyId, valid.fingerprint);
      return { pem, keyId, fingerprint: valid.fingerprint };
    }
    if (!carried)
      return { code: 'key-unknown', reason: `${what} is signed with key ${keyId}, which the export does not carry` };
    if (!validAt(carried, at)) {
      return {
        code: 'key-not-valid-then',
        reason: `${what} is signed with key ${keyId} at ${at}, outside its validity (${describePeriod(carried)})`,
      };
    }
    this.used.set(keyId, carried.fingerprint);
    return { pem: carried.publicKeyPem, keyId, fingerprint: carried.fingerprint };
  }
}
