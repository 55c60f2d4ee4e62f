import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerApp } from '../apps/ledger/src/bootstrap';
import { loadConfig } from '../apps/ledger/src/config/ledger-config';

/**
 * The ledger's OpenAPI document, made without listening: a test-mode ledger on a throwaway folder
 * answers its own /docs/openapi.json in process, so the document is exactly the one it serves.
 */
export async function ledgerOpenApiDocument(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-openapi-'));
  try {
    const config = loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: dir, LEDGER_PORT: '0', LEDGER_API_DOCS: 'on' });
    const app = await createLedgerApp(config, {}, { logger: false });
    try {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      const answer = await app.inject({ method: 'GET', url: '/docs/openapi.json' });
      if (answer.statusCode !== 200) throw new Error(`/docs/openapi.json answered ${answer.statusCode}`);
      return JSON.parse(answer.body) as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  ledgerOpenApiDocument().then(
    (document) => process.stdout.write(`${JSON.stringify(document, null, 2)}\n`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
