import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LedgerConfig } from './ledger-config';

/** Creates a folder (and its parents) that only the service's own user can enter. */
export function ensurePrivateFolder(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * The data folder holds the log, the read models and the key store: created 0700. The key store
 * file is created 0600 before SQLite opens it (SQLite gives its WAL and shared-memory files the
 * database file's mode), and tightened to 0600 if it was looser. Returns what an operator should
 * hear about: a folder someone else made that others may read.
 */
export function prepareDataFolder(
  config: Pick<LedgerConfig, 'dataDir' | 'readModelFile' | 'keyStoreFile' | 'keyStoreUrl'>,
): string[] {
  const warnings: string[] = [];
  const keyDir = config.keyStoreUrl ? [] : [dirname(config.keyStoreFile)];
  for (const dir of new Set([config.dataDir, dirname(config.readModelFile), ...keyDir])) {
    if (dir === '.') continue; // an in-memory database
    ensurePrivateFolder(dir);
  }
  const mode = statSync(config.dataDir).mode & 0o777;
  if (mode & 0o077) {
    warnings.push(`the data folder ${config.dataDir} is open to other users (mode ${mode.toString(8)}); chmod 700 it`);
  }
  // With a shared key store (PostgreSQL) no key is kept in the data folder.
  if (config.keyStoreFile !== ':memory:' && !config.keyStoreUrl) {
    if (!existsSync(config.keyStoreFile)) closeSync(openSync(config.keyStoreFile, 'wx', 0o600));
    for (const file of [config.keyStoreFile, `${config.keyStoreFile}-wal`, `${config.keyStoreFile}-shm`]) {
      if (existsSync(file) && statSync(file).mode & 0o077) chmodSync(file, 0o600);
    }
  }
  return warnings;
}
