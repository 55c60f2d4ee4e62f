import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { createLedgerApp } from '../bootstrap';
import { ConfigError, loadConfig } from '../config/ledger-config';
import { createLogger } from '../observability/logger';
import { Importer } from './importer';

/**
 * `npm run import -- FILE [--dry-run] [--format ndjson|csv]`: imports a file into the ledger's data
 * folder, with the ledger stopped (the embedded store has one writer); for a running ledger, use
 * POST /v1/imports. The file's digest names the import, so running it again resumes or writes nothing.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { 'dry-run': { type: 'boolean', default: false }, format: { type: 'string' }, as: { type: 'string' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    process.stderr.write('usage: npm run import -- FILE [--dry-run] [--format ndjson|csv] [--as <who>]\n');
    return 2;
  }
  const format = values.format ?? (file.endsWith('.csv') ? 'csv' : 'ndjson');
  if (format !== 'csv' && format !== 'ndjson') {
    process.stderr.write('--format must be ndjson or csv\n');
    return 2;
  }
  const fileDigest = createHash('sha256').update(readFileSync(file)).digest('hex');
  const config = { ...loadConfig(), projections: false, webhooks: { ...loadConfig().webhooks, enabled: false } };
  const app = await createLedgerApp(config, {}, { logger: createLogger({ level: 'error' }) });
  await app.init();
  const started = Date.now();
  try {
    const report = await app.get(Importer).run({
      input: createReadStream(file),
      format,
      dryRun: values['dry-run'],
      importId: fileDigest.slice(0, 32),
      actor: { kind: 'user', id: values.as ?? userInfo().username, role: 'compliance-admin' },
      onProgress: (done, r) => {
        const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
        process.stderr.write(
          `\r${done} rows · ${r.accepted} accepted · ${r.alreadyImported} already · ${r.refused} refused · ${r.invalid} invalid · ${rate} rows/s   `,
        );
      },
    });
    process.stderr.write('\n');
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : (error?.stack ?? error)}\n`);
    process.exit(3);
  },
);
