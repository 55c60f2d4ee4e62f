import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyStoreContract } from '../../libs/personal-data/src/contract/key-store.contract';
import { PgKeyStore } from '../../libs/personal-data/src/pg-key-store';
import { SqliteKeyStore } from '../../libs/personal-data/src/sqlite-key-store';
import { freshSchema, PostgresSchema } from '../support/shared-services';
import { removeDir } from '../support/ledger-harness';

/** One contract, two adapters: the embedded SQLite file and the PostgreSQL database instances share. */
const masterKey = randomBytes(32);

const sqliteDir = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
afterAll(() => removeDir(sqliteDir));
keyStoreContract('SQLite', {
  open: async (key = masterKey) => new SqliteKeyStore(join(sqliteDir, 'keys.sqlite'), key),
});

let schema: PostgresSchema | undefined;
beforeAll(async () => {
  schema = await freshSchema('contract');
});
afterAll(async () => {
  await schema?.drop();
});
keyStoreContract('PostgreSQL', {
  open: async (key = masterKey) => PgKeyStore.open({ connectionString: schema!.url, masterKey: key }),
});
