import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { containsIin } from '@ledger/consent-domain';
import { DataFolderInUse } from '@ledger/event-store';
import { createLedgerApp } from '../bootstrap';
import { ConfigError, dataDirOf, loadConfig } from '../config/ledger-config';
import { ProblemException } from '../http/problems';
import { createLogger } from '../observability/logger';
import { Importer } from './importer';

/** Where the CLI writes: the report to `stdout`, progress and problems to `stderr`. */
export interface ImportOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/**
 * `npm run import -- FILE [--dry-run] [--format ndjson|csv]`: imports a file into the ledger's data
 * folder, with the ledger stopped (the embedded store has one writer); for a running ledger, use
 * POST /v1/imports. The file's digest names the import, so running it again resumes or writes nothing.
 */
export async function run(
  args: readonly string[],
  out: ImportOutput = process,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const usage = 'usage: npm run import -- FILE [--dry-run] [--format ndjson|csv] [--as <who>]\n';
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { 'dry-run': { type: 'boolean', default: false }, format: { type: 'string' }, as: { type: 'string' } },
      allowPositionals: true,
    });
  } catch (error) {
    out.stderr.write(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    out.stderr.write(usage);
    return 2;
  }
  // Who imports is kept as the actor of every event written, for good: never an IIN (as a token's subject).
  const actor = values.as ?? userInfo().username;
  if (containsIin(actor)) {
    out.stderr.write(
      '--as holds an IIN, which the ledger would keep in its permanent log as the actor of every imported fact; name staff by an id that is not an IIN\n',
    );
    return 2;
  }
  // Spreadsheet programs on Windows name their exports ARCHIVE.CSV as often as archive.csv.
  const format = values.format ?? (/\.csv$/i.test(file) ? 'csv' : 'ndjson');
  if (format !== 'csv' && format !== 'ndjson') {
    out.stderr.write('--format must be ndjson or csv\n');
    return 2;
  }
  // The digest (which names the import) read as a stream, as the import reads the rows: a file of
  // years of logs read whole did not fit in memory, or in a Buffer at all past 2 GiB.
  let fileDigest: string;
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    fileDigest = hash.digest('hex');
  } catch (error) {
    out.stderr.write(`cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  // A dry run writes nothing, not even a new ledger's keys and files in a folder that holds no ledger
  // (a first rehearsal, or a mistyped LEDGER_DATA_DIR): it rehearses against an empty one in a scratch
  // folder, removed after, and says so.
  let scratch: string | undefined;
  if (values['dry-run'] && !env.LEDGER_EVENTSTORE_URL?.trim() && !existsSync(join(dataDirOf(env), 'events.sqlite'))) {
    scratch = mkdtempSync(join(tmpdir(), 'ledger-dry-run-'));
    out.stderr.write(
      `${dataDirOf(env)} holds no ledger: the dry run checks the rows against an empty one and leaves that folder as it was\n`,
    );
    env = {
      ...env,
      LEDGER_DATA_DIR: scratch,
      LEDGER_READ_MODEL_FILE: '',
      LEDGER_KEY_STORE_FILE: '',
      LEDGER_WEBHOOK_FILE: '',
    };
  }
  try {
    return await importWith(env, { file, format, dryRun: values['dry-run'], fileDigest, actor }, out);
  } finally {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
}

async function importWith(
  env: NodeJS.ProcessEnv,
  {
    file,
    format,
    dryRun,
    fileDigest,
    actor,
  }: { file: string; format: 'csv' | 'ndjson'; dryRun: boolean; fileDigest: string; actor: string },
  out: ImportOutput,
): Promise<number> {
  const loaded = loadConfig(env);
  const config = { ...loaded, projections: false, webhooks: { ...loaded.webhooks, enabled: false } };
  let app: Awaited<ReturnType<typeof createLedgerApp>>;
  try {
    // Only the report goes to stdout; the CLI says itself what went wrong, so the ledger's own log stays quiet.
    app = await createLedgerApp(
      config,
      {},
      { logger: createLogger({ level: 'fatal', destination: pino.destination(2) }) },
    );
    await app.init();
  } catch (error) {
    if (!(error instanceof DataFolderInUse)) throw error;
    out.stderr.write(`import refused: ${error.message}; with the ledger running, import through POST /v1/imports\n`);
    return 3;
  }
  const started = Date.now();
  try {
    const report = await app.get(Importer).run({
      input: createReadStream(file),
      format,
      dryRun,
      importId: fileDigest.slice(0, 32),
      namedByContent: true,
      actor: { kind: 'user', id: actor, role: 'compliance-admin' },
      onProgress: (done, r) => {
        const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
        out.stderr.write(
          `\r${done} rows · ${r.accepted} accepted · ${r.alreadyImported} already · ${r.refused} refused · ${r.invalid} invalid · ${rate} rows/s   `,
        );
      },
    });
    out.stderr.write('\n');
    out.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return 0;
  } catch (error) {
    // The file as a whole cannot be imported (its header, its size): said in one line, nothing written.
    if (!(error instanceof ProblemException)) throw error;
    const fields = (error.errors ?? []).map((e) => `  ${e.field}: ${e.code}${e.message ? ` (${e.message})` : ''}`);
    out.stderr.write(`\nimport refused, ${error.code}: ${error.message}\n${fields.map((f) => `${f}\n`).join('')}`);
    return 2;
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`${error instanceof ConfigError ? error.message : (error?.stack ?? error)}\n`);
      process.exit(3);
    },
  );
}
