import 'reflect-metadata';
import { createLedgerApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/ledger-config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createLedgerApp(config);
  await app.listen({ host: config.host, port: config.port });
  const url = await app.getUrl();
  const store = config.eventStore.kind === 'sqlite' ? `embedded SQLite at ${config.eventStore.file}` : 'EventStoreDB';
  // eslint-disable-next-line no-console
  console.log(`consent ledger listening on ${url} (${store}); API docs at ${url}/docs`);
  // Auditors compare this with the key statement the lender filed with the regulator (docs/integrity.md).
  // eslint-disable-next-line no-console
  console.log(
    `signing key ${config.signingKey.keyId} (Ed25519), SHA-256 fingerprint ${config.signingKey.fingerprint}` +
      (config.signingKeyIsDevelopmentDefault ? ' — a development key kept in the data folder' : ''),
  );
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? `configuration: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  // eslint-disable-next-line no-console
  console.error(`the consent ledger could not start: ${message}`);
  process.exit(1);
});
