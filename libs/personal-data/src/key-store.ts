import { DataKey } from './sealing';

/**
 * Where each person's data key lives — never in the event log, which is copied to every node and
 * every backup and cannot truly forget. Destroying a key is final: what it sealed is gone.
 */
export interface KeyStore {
  /** The person's key, made on first use. Refused for a person whose key was destroyed. */
  dataKeyFor(owner: string): Promise<DataKey>;
  /** The key if it exists; `destroyed` once shredded; undefined if never made. */
  find(owner: string): Promise<DataKey | 'destroyed' | undefined>;
  destroy(owner: string, at: string): Promise<void>;
  close(): Promise<void>;
}

export class KeyDestroyedError extends Error {
  constructor(readonly owner: string) {
    super(`the data key of ${owner} was destroyed`);
  }
}
