import { StoreFailure, StoreUnavailableError } from '../event-store';

/**
 * SQLite's result codes for the failures a caller can do nothing about but wait or call an operator:
 * a full disk, a lock held too long, a damaged file, an I/O error. (better-sqlite3 puts the code,
 * extended codes included, on `error.code`.)
 */
export function sqliteFailureOf(error: unknown): StoreFailure | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (code === 'SQLITE_FULL') return 'disk-full';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'damaged';
  // A file made read-only under a running ledger (SQLITE_READONLY and its extended codes) is the operator's to mend.
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY')) {
    return 'io';
  }
  return undefined;
}

/** Runs `work`, turning a store failure into StoreUnavailableError; other errors pass unchanged. */
export function asStoreFailure<T>(what: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw toStoreFailure(what, error);
  }
}

export function toStoreFailure(what: string, error: unknown): unknown {
  const failure = sqliteFailureOf(error);
  if (!failure) return error;
  return new StoreUnavailableError(failure, `${what}: ${messageOf(error)}`, { cause: error });
}

/** An error's message read by shape: errors from the writer thread or another realm are no `instanceof Error`. */
export function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}
