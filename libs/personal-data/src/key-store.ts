import { DataKey } from './sealing';

/**
 * Where each person's data key lives, and the link from their IIN to their pseudonym — never in the
 * event log, which is copied to every node and every backup and cannot truly forget. Destroying a
 * person's key and link is final: what the key sealed is gone, and nothing the ledger still holds
 * leads from the IIN to their history (Law 94-V Art. 18).
 *
 * Several stores may be open on one backing (ledger instances sharing a PostgreSQL database): what
 * one of them links, makes or destroys, every other sees from the moment the call has returned.
 */
export interface KeyStore {
  /** The person linked to this IIN digest, if any. */
  subjectOf(iinDigest: string): Promise<string | undefined>;
  /**
   * Where a store can: reads the links of many IIN digests at once (a chunk of an import), so that
   * `subjectOf` for each of them soon after need not read again. Answers nothing.
   */
  lookAhead?(iinDigests: readonly string[]): Promise<void>;
  /**
   * Links the IIN digest to `subjectId` and makes that person's data key, durably, in one step —
   * or, when another writer linked it first, returns the subject it was linked to.
   */
  link(iinDigest: string, subjectId: string): Promise<string>;
  /** The person's key, made (durably) on first use. Refused for a person whose key was destroyed. */
  dataKeyFor(owner: string): Promise<DataKey>;
  /** The key if it exists; `destroyed` once shredded; undefined if never made. */
  find(owner: string): Promise<DataKey | 'destroyed' | undefined>;
  /** Destroys the person's key and their IIN link together. */
  destroy(owner: string, at: string): Promise<void>;
  /** Resolves when the store answers; rejects (StoreUnavailableError) when it cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class KeyDestroyedError extends Error {
  constructor(readonly owner: string) {
    super(`the data key of ${owner} was destroyed`);
  }
}
