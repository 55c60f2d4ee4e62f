import 'reflect-metadata';
import { createLedgerApp } from './bootstrap';
import { ConfigError, LedgerConfig, loadConfig } from './config/ledger-config';
import { createLogger } from './observability/logger';
import { redact } from './observability/redaction';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  // A stop asked while the ledger starts ends it at once: nothing has been answered yet, and the
  // read models' page in progress rolls back. Closed then, the app went on starting half closed (the
  // start waits for the read models' thread) and failed with a misleading error.
  const app = await createLedgerApp(config, {}, { logger, shutdownHooks: false });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw (error as { code?: string }).code === 'EADDRINUSE' ? new PortInUse(config) : error;
  }
  app.enableShutdownHooks();
  const url = await app.getUrl();
  const store = config.eventStore.kind === 'sqlite' ? `embedded SQLite at ${config.eventStore.file}` : 'EventStoreDB';
  logger.info({ url, store: config.eventStore.kind }, `consent ledger listening on ${url} (${store})`);
  // Auditors compare this with the key statement the lender filed with the regulator (docs/integrity.md).
  logger.info(
    { signingKeyId: config.signingKey.keyId, fingerprint: config.signingKey.fingerprint },
    `signing key ${config.signingKey.keyId} (Ed25519); its SHA-256 fingerprint is in the fingerprint field` +
      (config.signingKeyIsDevelopmentDefault ? ' — a development key kept in the data folder' : ''),
  );
}

class PortInUse extends Error {
  constructor(config: LedgerConfig) {
    super(
      `port ${config.port} on ${config.host} is in use (another ledger or another program); stop it or set LEDGER_PORT`,
    );
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? `configuration: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  console.error(`the consent ledger could not start: ${redact(message)}`);
  process.exit(1);
});
