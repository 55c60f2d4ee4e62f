import 'reflect-metadata';
import { Instant } from '@ledger/consent-domain';
import { createLedgerApp } from '../bootstrap';
import { mintDevelopmentToken } from '../auth/development-tokens';
import { createLogger } from '../observability/logger';
import { ConfigError, loadConfig } from '../config/ledger-config';
import { openEventStore } from '../infrastructure/infrastructure.module';
import { Clock, SystemClock } from '../ledger/clock';
import { generateDemoHistory } from './demo-history';

/** The ledger's clock while the demo writes: each command is recorded at its scheduled moment. */
class DemoClock implements Clock {
  private current?: Instant;
  now(): Instant {
    return this.current ?? new SystemClock().now();
  }
  set(instant: Instant): void {
    this.current = instant;
  }
}

/**
 * Fills an empty store with a realistic history so a new user sees answers at once:
 * `npm run demo-data -- --people 200 --seed 7`. Only events are written here; the ledger (running
 * now or started later) builds its read models from them.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    const value = i >= 0 ? Number(args[i + 1]) : fallback;
    if (!Number.isInteger(value) || value < 0) throw new ConfigError(`--${name} must be a whole number`);
    return value;
  };
  const people = option('people', 200);
  const seed = option('seed', 7);
  const config = { ...loadConfig(), readModelFile: ':memory:', projections: false, rateLimitPerMinute: 0 };
  if (config.production || !config.auth.developmentPrivateKeyPem) {
    throw new ConfigError(
      'demo data is for a development ledger only (NODE_ENV=development, no identity provider configured)',
    );
  }
  const token = await mintDevelopmentToken(config.auth.developmentPrivateKeyPem, ['lending-core', 'compliance-admin'], {
    sub: 'demo-data',
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ttlSeconds: config.auth.maxTokenLifetimeSeconds,
  });
  const store = await openEventStore(config);
  if ((await store.headPosition()) !== undefined) {
    await store.close();
    throw new ConfigError(
      `the event store already holds events; demo data goes only into an empty ledger (set LEDGER_DATA_DIR to a new folder)`,
    );
  }
  const clock = new DemoClock();
  const app = await createLedgerApp(config, { clock, store }, { logger: createLogger({ level: 'error' }) });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const send = async (url: string, key: string, body: unknown) => {
    const reply = await app.inject({
      method: 'POST',
      url,
      payload: body as object,
      headers: { 'idempotency-key': key, authorization: `Bearer ${token}` },
    });
    return { status: reply.statusCode, body: reply.json() as unknown };
  };
  const started = Date.now();
  const summary = await generateDemoHistory(send, clock, {
    people,
    seed,
    end: new SystemClock().now(),
    onProgress: (done, total) => {
      if (done % 200 === 0 || done === total) process.stderr.write(`\r  ${done}/${total} commands`);
    },
  });
  process.stderr.write('\n');
  await app.close();
  const where = config.eventStore.kind === 'sqlite' ? config.eventStore.file : 'EventStoreDB';
  console.log(
    [
      `wrote ${summary.commands} commands for ${summary.people} people into ${where} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `answers: ${Object.entries(summary.byStatus)
        .map(([status, n]) => `${n}× ${status}`)
        .join(', ')}`,
      `try one of these synthetic people (IINs): ${summary.iins.slice(0, 3).join(', ')}`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(`demo-data failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
