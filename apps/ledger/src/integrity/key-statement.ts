/**
 * The key statement: what the lender files with the regulator so that auditors can pin the ledger's
 * signing keys without trusting the service that serves the exports (docs/integrity.md).
 *
 *   npm run -s key-statement > key-statement.json          # the file auditors pass to --keyring
 *   npm run -s key-statement -- --text                      # the same, as a letter to sign and file
 *
 * It reads the ledger's own configuration (LEDGER_SIGNING_KEY, LEDGER_SIGNING_KEYRING_FILE, the
 * operator's details) and signs the statement with the current key, which shows the ledger holds it.
 */
import 'reflect-metadata';
import { CatalogueIndex, controllerDetails, LENDER_CATALOGUE } from '@ledger/consent-domain';
import { describePeriod, keyStatement, KeyStatement } from '@ledger/ledger-log';
import { ConfigError, LedgerConfig, loadConfig } from '../config/ledger-config';

export function statementFor(config: LedgerConfig, issuedAt: string): KeyStatement {
  const operator = controllerDetails(new CatalogueIndex(LENDER_CATALOGUE), config.operator);
  return keyStatement(
    config.signingKey,
    config.signingKeyring,
    { name: operator.name, ...(operator.bin ? { bin: operator.bin } : {}) },
    issuedAt,
  );
}

function statementText(statement: KeyStatement): string {
  const keys = statement.keys.map(
    (k, i) =>
      `  ${i + 1}. key ${k.keyId}\n     SHA-256 fingerprint ${k.fingerprint.match(/.{1,16}/g)!.join(' ')}\n     valid ${describePeriod(k)}`,
  );
  return [
    `Statement of the consent ledger's signing keys — ${String(statement.operator.name)}${statement.operator.bin ? `, BIN ${String(statement.operator.bin)}` : ''}`,
    `Issued ${statement.issuedAt}`,
    '',
    statement.statement,
    '',
    ...keys,
    '',
    'The machine-readable statement (npm run -s key-statement) is attached; auditors check exports with',
    '  npm run -s audit -- verify <export.ndjson> --keyring key-statement.json',
    `It is signed by the current key ${statement.keyId}: ${statement.signature}`,
  ].join('\n');
}

if (require.main === module) {
  try {
    const statement = statementFor(loadConfig(), new Date().toISOString());
    process.stdout.write(
      (process.argv.includes('--text') ? statementText(statement) : JSON.stringify(statement, null, 2)) + '\n',
    );
  } catch (error) {
    const message = error instanceof ConfigError ? `configuration: ${error.message}` : String(error);
    process.stderr.write(`the key statement could not be made: ${message}\n`);
    process.exit(1);
  }
}
