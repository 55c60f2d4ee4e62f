import { join } from 'node:path';
import { loadConfig } from '../config/ledger-config';
import { keyFileIsLocked } from './shared-components';

describe('keyFileIsLocked', () => {
  const dataDir = join('/tmp', 'ledger-lock-test');
  const base = { NODE_ENV: 'test', LEDGER_DATA_DIR: dataDir };

  it('holds for the embedded store with its key file inside the locked data folder', () => {
    expect(keyFileIsLocked(loadConfig(base))).toBe(true);
    expect(keyFileIsLocked(loadConfig({ ...base, LEDGER_KEY_STORE_FILE: join(dataDir, 'k', 'keys.sqlite') }))).toBe(
      true,
    );
  });

  it('does not hold for a key file outside the data folder, or without the embedded store (no lock)', () => {
    expect(keyFileIsLocked(loadConfig({ ...base, LEDGER_KEY_STORE_FILE: join('/tmp', 'elsewhere.sqlite') }))).toBe(
      false,
    );
    expect(keyFileIsLocked(loadConfig({ ...base, LEDGER_KEY_STORE_FILE: join(dataDir, '..', 'keys.sqlite') }))).toBe(
      false,
    );
    expect(keyFileIsLocked(loadConfig({ ...base, LEDGER_EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' }))).toBe(
      false,
    );
  });
});
